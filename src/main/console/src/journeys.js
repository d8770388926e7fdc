import { api } from './api.js';
import { t } from './i18n.js';
import { escape, money, number, percent, ratio } from './format.js';

/** Every journey with entered, active, converted, revenue and ROI. */
export async function journeysPage(page) {
  const journeys = await api.get('api/journeys');
  page.innerHTML = `
    <h1>${t('journeys')}</h1>
    <table class="grid" id="journeys">
      <thead><tr>
        <th>${t('journey')}</th><th class="n">${t('entered')}</th><th class="n">${t('active')}</th>
        <th class="n">${t('converted')}</th><th class="n">${t('conversionRate')}</th><th class="n">${t('revenue')}</th>
        <th class="n">${t('cost')}</th><th class="n">${t('roi')}</th>
      </tr></thead>
      <tbody>${journeys.map((j) => `
        <tr data-journey="${escape(j.key)}">
          <td><a href="#/journeys/${encodeURIComponent(j.key)}">${escape(j.name)}</a><div class="key">${escape(j.key)} · v${j.version}</div></td>
          <td class="n">${number(j.entered)}</td><td class="n">${number(j.active)}</td>
          <td class="n">${number(j.converted)}</td><td class="n">${percent(j.conversionRate)}</td>
          <td class="n">${money(j.revenue)}</td><td class="n">${money(j.cost.total)}</td><td class="n">${ratio(j.roi)}</td>
        </tr>`).join('')}
      </tbody>
    </table>`;
}
