import { api } from './api.js';
import { t } from './i18n.js';
import { escape, time } from './format.js';

const CHANNELS = ['', 'sms', 'wechat-oa', 'wecom', 'email', 'webhook'];
const STATUSES = ['', 'PENDING', 'SENDING', 'DEFERRED', 'SENT', 'SUPPRESSED', 'FAILED'];

/** The message log, newest first, with filters and a page at a time. */
export async function messagesPage(page, query) {
  const filters = ['channel', 'status', 'journey', 'template', 'customerId']
    .filter((name) => query.get(name))
    .map((name) => `${name}=${encodeURIComponent(query.get(name))}`);
  page.innerHTML = `
    <h1>${t('messages')}</h1>
    <form class="filter" id="message-filter">
      <label>${t('channel')} <select name="channel">${CHANNELS.map((c) => `<option value="${c}" ${query.get('channel') === c ? 'selected' : ''}>${c || t('all')}</option>`).join('')}</select></label>
      <label>${t('status')} <select name="status">${STATUSES.map((s) => `<option value="${s}" ${query.get('status') === s ? 'selected' : ''}>${s || t('all')}</option>`).join('')}</select></label>
      <label>${t('journey')} <input name="journey" size="18" value="${escape(query.get('journey') ?? '')}"></label>
      <label>${t('template')} <input name="template" size="14" value="${escape(query.get('template') ?? '')}"></label>
      <label>${t('customer')} <input name="customerId" size="14" value="${escape(query.get('customerId') ?? '')}"></label>
      <button type="submit">${t('apply')}</button>
    </form>
    <table class="grid" id="messages"><thead><tr><th>#</th><th>${t('time')}</th><th>${t('customer')}</th>
      <th>${t('channel')}</th><th>${t('template')}</th><th>${t('status')}</th><th>${t('journey')}</th></tr></thead>
      <tbody></tbody></table>
    <button type="button" id="more" hidden>${t('more')}</button>`;
  page.querySelector('#message-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new URLSearchParams();
    for (const [name, value] of new FormData(event.target)) {
      if (String(value).trim()) {
        form.set(name, String(value).trim());
      }
    }
    location.hash = `#/messages?${form}`;
  });
  const body = page.querySelector('#messages tbody');
  const more = page.querySelector('#more');
  let before = null;
  const load = async () => {
    const path = `api/messages?limit=50${filters.length ? '&' + filters.join('&') : ''}${before ? `&before=${before}` : ''}`;
    const rows = await api.get(path);
    body.insertAdjacentHTML('beforeend', rows.map((m) => `
      <tr data-message="${m.id}" data-status="${escape(m.status)}">
        <td>${m.id}</td><td>${time(m.sentAt ?? m.createdAt)}</td>
        <td><a href="#/customers/${encodeURIComponent(m.customerId)}">${escape(m.customerId)}</a></td>
        <td>${escape(m.channel)}</td><td>${escape(m.template)}</td>
        <td>${escape(m.status)}${m.reason ? `<div class="key">${escape(m.reason)}</div>` : ''}${m.error ? `<div class="error">${escape(m.error)}</div>` : ''}</td>
        <td>${m.journey ? `<a href="#/journeys/${encodeURIComponent(m.journey)}">${escape(m.journey)}</a><div class="key">${escape(m.activityId ?? '')}</div>` : '–'}</td>
      </tr>`).join(''));
    before = rows.length ? rows[rows.length - 1].id : before;
    more.hidden = rows.length < 50;
  };
  more.addEventListener('click', load);
  await load();
}
