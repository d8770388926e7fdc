import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import './style.css';
import { Unauthorized, logIn, logOut, loggedIn } from './api.js';
import { t, toggleLanguage } from './i18n.js';
import { escape } from './format.js';
import { journeysPage } from './journeys.js';
import { journeyPage } from './journey.js';
import { launchesPage } from './launches.js';
import { messagesPage } from './messages.js';
import { customerPage } from './customer.js';
import { segmentsPage } from './segments.js';

const page = document.getElementById('page');
let rendering = 0;

function chrome() {
  document.getElementById('nav').innerHTML = loggedIn()
    ? `<a href="#/journeys">${t('journeys')}</a><a href="#/launches">${t('launches')}</a>`
      + `<a href="#/segments">${t('segments')}</a><a href="#/messages">${t('messages')}</a>` : '';
  document.getElementById('language').textContent = t('language');
  const logout = document.getElementById('logout');
  logout.textContent = t('logout');
  logout.hidden = !loggedIn();
}

function loginForm() {
  page.innerHTML = `
    <form class="login" id="login">
      <h1>Siyu 私域</h1>
      <label>${t('user')} <input name="user" autocomplete="username" required></label>
      <label>${t('password')} <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">${t('login')}</button>
      <p class="error" id="login-error" hidden>${t('badLogin')}</p>
    </form>`;
  page.querySelector('#login').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    if (await logIn(form.get('user'), form.get('password'))) {
      route();
    } else {
      page.querySelector('#login-error').hidden = false;
    }
  });
}

async function route() {
  chrome();
  if (!loggedIn()) {
    loginForm();
    return;
  }
  const current = ++rendering;
  const isCurrent = () => current === rendering;
  const [path, search] = (location.hash.slice(1) || '/journeys').split('?');
  const query = new URLSearchParams(search ?? '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  page.setAttribute('aria-busy', 'true');
  try {
    if (parts[0] === 'journeys' && parts[1]) {
      await journeyPage(page, parts[1], query);
    } else if (parts[0] === 'launches') {
      await launchesPage(page, isCurrent);
    } else if (parts[0] === 'messages') {
      await messagesPage(page, query);
    } else if (parts[0] === 'segments') {
      await segmentsPage(page, isCurrent);
    } else if (parts[0] === 'customers' && parts[1]) {
      await customerPage(page, parts[1]);
    } else {
      await journeysPage(page);
    }
  } catch (error) {
    if (error instanceof Unauthorized) {
      route();
      return;
    }
    page.innerHTML = `<p class="error">${escape(error.message)}</p>`;
  } finally {
    if (isCurrent()) {
      page.setAttribute('aria-busy', 'false');
    }
  }
}

document.getElementById('language').addEventListener('click', () => {
  toggleLanguage();
  route();
});
document.getElementById('logout').addEventListener('click', () => {
  logOut();
  route();
});
window.addEventListener('hashchange', route);
route();
