import { api } from './api.js';
import { t } from './i18n.js';
import { escape, number } from './format.js';

const EVENTS = ['LoggedIn', 'Purchased', 'Followed', 'Unfollowed', 'ActivityJoined', 'AdLeadCaptured', 'WecomFriendAdded',
  'WecomFriendDeleted', 'GroupJoined', 'GroupLeft', 'QuestionnaireAnswered', 'MessageReplied'];
const CHANNELS = ['sms', 'wechat-oa', 'wecom', 'email'];

// each kind of condition: its inputs, and the definition they make
const KINDS = {
  tag: { inputs: [['value', 'text', 'vip']], make: (v) => ({ tag: v.value }) },
  city: { inputs: [['value', 'text', '上海']], make: (v) => ({ field: { name: 'city', op: 'eq', value: v.value } }) },
  reachable: { inputs: [['channel', CHANNELS]], make: (v) => ({ reachable: v.channel }) },
  notReachable: { inputs: [['channel', CHANNELS]], make: (v) => ({ not: { reachable: v.channel } }) },
  bought: {
    inputs: [['sku', 'text', 'MILK-59'], ['withinDays', 'number', '']],
    make: (v) => ({ bought: withDays({ sku: v.sku }, v.withinDays) })
  },
  notBought: {
    inputs: [['sku', 'text', 'MILK-59'], ['withinDays', 'number', '7']],
    make: (v) => ({ not: { bought: withDays({ sku: v.sku }, v.withinDays) } })
  },
  spent: { inputs: [['moreThan', 'number', '150']], make: (v) => ({ spent: { moreThan: Number(v.moreThan) } }) },
  lastOrder: { inputs: [['withinDays', 'number', '30']], make: (v) => ({ lastOrder: { withinDays: Number(v.withinDays) } }) },
  event: {
    inputs: [['type', EVENTS], ['atLeast', 'number', '1'], ['withinDays', 'number', '30']],
    make: (v) => ({ event: withDays({ type: v.type, atLeast: Number(v.atLeast || 1) }, v.withinDays) })
  },
  noEvent: {
    inputs: [['type', EVENTS], ['withinDays', 'number', '30']],
    make: (v) => ({ noEvent: withDays({ type: v.type }, v.withinDays) })
  },
  layer: {
    inputs: [['ruleSet', 'text', 'rfm'], ['in', 'text', 'IMPORTANT_VALUE']],
    make: (v) => ({ layer: { ruleSet: v.ruleSet, in: v.in.split(',').map((s) => s.trim()).filter(Boolean) } })
  },
  segment: { inputs: [['key', 'text', '']], make: (v) => ({ segment: v.key }) },
  minusSegment: { inputs: [['key', 'text', '']], minus: true, make: (v) => v.key }
};

function withDays(body, days) {
  return days === '' || days === undefined ? body : { ...body, withinDays: Number(days) };
}

/**
 * The segment builder: conditions combined with and/or, saved segments taken away (差集);
 * the count, each channel's reach and a sample follow every change.
 */
export async function segmentsPage(page, isCurrent) {
  const saved = await api.get('api/segments');
  const rows = [{ kind: 'bought', values: { sku: 'MILK-59', withinDays: '' } }];
  page.innerHTML = `
    <h1>${t('segments')}</h1>
    <div class="builder">
      <div>
        <label>${t('combine')} <select id="combine"><option value="and">${t('and')}</option><option value="or">${t('or')}</option></select></label>
        <div id="conditions"></div>
        <button type="button" id="add">+ ${t('condition')}</button>
        <h2>JSON</h2>
        <textarea id="definition" readonly></textarea>
        <form class="filter" id="save">
          <label>key <input name="key" required pattern="[a-z0-9][a-z0-9._-]{0,99}" size="24"></label>
          <label>${t('name')} <input name="name" size="16"></label>
          <button type="submit">${t('save')}</button>
          <span id="saved" class="key"></span>
        </form>
      </div>
      <div>
        <div class="card"><div class="label">${t('count')}</div><div class="count" id="count">–</div>
          <div id="reach" class="key"></div><p class="error" id="problem" hidden></p></div>
        <h2>${t('sample')}</h2>
        <ol id="sample"></ol>
      </div>
    </div>
    <h2>${t('saved')}</h2>
    <table class="grid" id="saved-segments"><thead><tr><th>key</th><th>${t('name')}</th><th class="n">${t('version')}</th></tr></thead>
      <tbody>${saved.map((s) => `<tr data-segment="${escape(s.key)}"><td>${escape(s.key)}</td><td>${escape(s.name ?? '')}</td>
        <td class="n">${s.version}</td></tr>`).join('')}</tbody></table>`;
  const conditions = page.querySelector('#conditions');
  let timer = null;
  let asked = 0;

  const definition = () => {
    const made = rows.map((row) => ({ row, made: KINDS[row.kind].make(row.values) }));
    const included = made.filter((m) => !KINDS[m.row.kind].minus).map((m) => m.made);
    const excluded = made.filter((m) => KINDS[m.row.kind].minus).map((m) => m.made);
    const combine = page.querySelector('#combine').value;
    let base = included.length === 0 ? { field: { name: 'id', op: 'isSet' } }
      : included.length === 1 ? included[0] : { [combine]: included };
    return excluded.length ? { minus: [base, ...excluded] } : base;
  };

  const preview = () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const current = ++asked;
      const body = definition();
      page.querySelector('#definition').value = JSON.stringify(body, null, 2);
      const problem = page.querySelector('#problem');
      try {
        const answer = await fetchPreview(body);
        if (current !== asked || !isCurrent()) {
          return;
        }
        problem.hidden = true;
        page.querySelector('#count').textContent = number(answer.count);
        page.querySelector('#count').dataset.count = answer.count;
        page.querySelector('#reach').innerHTML = Object.entries(answer.reachable)
          .map(([channel, n]) => `<span data-reach="${channel}">${escape(channel)} ${number(n)}</span>`).join(' · ');
        page.querySelector('#sample').innerHTML = answer.sample
          .map((c) => `<li><a href="#/customers/${encodeURIComponent(c.id)}">${escape(c.name ?? c.id)}</a> <span class="key">${escape(c.city ?? '')}</span></li>`)
          .join('');
      } catch (error) {
        problem.textContent = error.message;
        problem.hidden = false;
      }
    }, 300);
  };

  const render = () => {
    conditions.innerHTML = rows.map((row, i) => `
      <div class="condition" data-row="${i}">
        <select data-kind>${Object.keys(KINDS).map((k) => `<option value="${k}" ${k === row.kind ? 'selected' : ''}>${t('kind.' + k)}</option>`).join('')}</select>
        ${KINDS[row.kind].inputs.map(([name, type, placeholder]) => Array.isArray(type)
          ? `<label>${t('input.' + name)} <select data-input="${name}">${type.map((o) => `<option ${row.values[name] === o ? 'selected' : ''}>${o}</option>`).join('')}</select></label>`
          : `<label>${t('input.' + name)} <input data-input="${name}" type="${type}" size="10" value="${escape(row.values[name] ?? placeholder)}"></label>`).join('')}
        <button type="button" data-remove>×</button>
      </div>`).join('');
    conditions.querySelectorAll('.condition').forEach((element) => {
      const row = rows[Number(element.dataset.row)];
      element.querySelector('[data-kind]').addEventListener('change', (event) => {
        row.kind = event.target.value;
        row.values = Object.fromEntries(KINDS[row.kind].inputs.map(([name, type, placeholder]) => [name, Array.isArray(type) ? type[0] : placeholder]));
        render();
      });
      element.querySelectorAll('[data-input]').forEach((input) => {
        input.addEventListener('input', () => {
          row.values[input.dataset.input] = input.value;
          preview();
        });
      });
      element.querySelector('[data-remove]').addEventListener('click', () => {
        rows.splice(Number(element.dataset.row), 1);
        render();
      });
    });
    preview();
  };

  page.querySelector('#add').addEventListener('click', () => {
    rows.push({ kind: 'reachable', values: { channel: 'sms' } });
    render();
  });
  page.querySelector('#combine').addEventListener('change', preview);
  page.querySelector('#save').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const result = await saveSegment({ key: form.get('key'), name: form.get('name') || null, definition: definition() });
    page.querySelector('#saved').textContent = result;
  });
  render();
}

async function fetchPreview(definition) {
  return postJson('api/segments/preview?sample=10', { definition });
}

async function saveSegment(segment) {
  try {
    const saved = await postJson('api/segments', segment);
    return `${saved.key} v${saved.version} ✓`;
  } catch (error) {
    return error.message;
  }
}

async function postJson(path, body) {
  return api.postJson(path, body);
}
