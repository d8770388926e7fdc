import { api } from './api.js';
import { t } from './i18n.js';
import { escape, time } from './format.js';

/** A customer: her profile, layers, and events, orders, journeys and messages on one timeline. */
export async function customerPage(page, id) {
  const path = `api/customers/${encodeURIComponent(id)}`;
  const [customer, layers, timeline] = await Promise.all([
    api.get(path), api.get(`${path}/layers`).catch(() => ({})), api.get(`${path}/timeline?limit=200`)
  ]);
  const facts = [
    ['name', customer.name], ['city', customer.city], ['source', customer.source],
    ['followedOfficialAccount', customer.followedOfficialAccount ? '✓' : '–'],
    ['wecomFriend', customer.wecomFriend ? '✓' : '–'],
    ['marketingConsent', customer.marketingConsent === null || customer.marketingConsent === undefined ? '–' : customer.marketingConsent ? '✓' : '✗'],
    ['tags', (customer.tags ?? []).join(', ')]
  ];
  page.innerHTML = `
    <h1>${escape(customer.name ?? customer.id)} <span class="key">${escape(customer.id)}</span></h1>
    <section class="cards" id="profile">${facts.map(([key, value]) => `
      <div class="card" data-fact="${key}"><div class="label">${t(key)}</div><div class="value small">${escape(value ?? '–')}</div></div>`).join('')}
    </section>
    <h2>${t('layers')}</h2>
    <section class="cards" id="layers">${Object.entries(layers).map(([ruleSet, layer]) => `
      <div class="card" data-layer="${escape(ruleSet)}"><div class="label">${escape(ruleSet)}</div>
        <div class="value small">${escape(layer.value)}</div><div class="key">${escape(layer.rule ?? '')}</div></div>`).join('')}
    </section>
    <h2>${t('timeline')}</h2>
    <ol class="timeline" id="timeline">${timeline.map((entry) => `
      <li data-kind="${escape(entry.kind)}"><time>${time(entry.at)}</time>
        <span class="kind">${t(entry.kind)}</span> <b>${escape(entry.title)}</b>
        <span class="key">${escape(entry.detail ?? '')}</span></li>`).join('') || `<li>${t('noData')}</li>`}
    </ol>`;
}
