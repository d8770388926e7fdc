import { api } from './api.js';
import { t } from './i18n.js';
import { escape, number, percent, time } from './format.js';

const PAUSABLE = ['SCHEDULED', 'PENDING', 'RUNNING'];
const RESUMABLE = ['PAUSED', 'FAILED'];

/** Launches with their progress; pause and resume between pages of starts. */
export async function launchesPage(page, isCurrent) {
  const render = async () => {
    const launches = await api.get('api/launches?limit=50');
    page.innerHTML = `
      <h1>${t('launches')}</h1>
      <table class="grid" id="launches">
        <thead><tr>
          <th>#</th><th>${t('journey')}</th><th>${t('status')}</th><th>${t('progress')}</th>
          <th class="n">${t('started')}</th><th class="n">${t('holdout')}</th><th class="n">${t('skipped')}</th>
          <th class="n">${t('failed')}</th><th>${t('eta')}</th><th></th>
        </tr></thead>
        <tbody>${launches.map((l) => `
          <tr data-launch="${l.id}">
            <td>${l.id}</td>
            <td><a href="#/journeys/${encodeURIComponent(l.journey)}?launch=${l.id}">${escape(l.journey)}</a>
              <div class="key">${escape([l.segment, l.experiment].filter(Boolean).join(' · '))}</div></td>
            <td class="status" data-status="${escape(l.status)}">${escape(l.status)}</td>
            <td><div class="meter"><span style="width:${Math.round((l.progress ?? 0) * 100)}%"></span></div>
              ${percent(l.progress ?? 0, 0)} · ${number(l.total ?? 0)}</td>
            <td class="n">${number(l.started)}</td><td class="n">${number(l.holdout)}</td>
            <td class="n">${number(l.skipped)}</td><td class="n">${number(l.failed)}</td>
            <td>${time(l.eta)}</td>
            <td>${PAUSABLE.includes(l.status) ? `<button data-action="pause" data-id="${l.id}">${t('pause')}</button>` : ''}
                ${RESUMABLE.includes(l.status) ? `<button data-action="resume" data-id="${l.id}">${t('resume')}</button>` : ''}</td>
          </tr>`).join('')}
        </tbody>
      </table>`;
    page.querySelectorAll('button[data-action]').forEach((button) => {
      button.addEventListener('click', async () => {
        button.disabled = true;
        await api.post(`api/launches/${button.dataset.id}/${button.dataset.action}`);
        await render();
      });
    });
  };
  await render();
  const timer = setInterval(() => {
    if (!isCurrent()) {
      clearInterval(timer);
      return;
    }
    render().catch(() => clearInterval(timer));
  }, 3000);
}
