// The console speaks to Siyu's own API with the user's HTTP basic credentials, kept for
// this browser tab only.
const KEY = 'siyu.credentials';

export class Unauthorized extends Error {}

export function loggedIn() {
  return sessionStorage.getItem(KEY) !== null;
}

export function logOut() {
  sessionStorage.removeItem(KEY);
}

export async function logIn(user, password) {
  const credentials = btoa(unescape(encodeURIComponent(`${user}:${password}`)));
  const response = await fetch('api/journeys', { headers: { Authorization: `Basic ${credentials}` } });
  if (response.status === 401) {
    return false;
  }
  sessionStorage.setItem(KEY, credentials);
  return true;
}

async function call(method, path, accept = 'application/json', body = undefined) {
  const headers = { Authorization: `Basic ${sessionStorage.getItem(KEY)}`, Accept: accept };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401) {
    logOut();
    throw new Unauthorized();
  }
  if (!response.ok) {
    let detail = response.statusText;
    try {
      detail = (await response.json()).detail ?? detail;
    } catch (ignored) {
      // not a problem document
    }
    throw new Error(`${response.status}: ${detail}`);
  }
  return accept === 'application/json' ? response.json() : response.text();
}

export const api = {
  get: (path) => call('GET', path),
  text: (path) => call('GET', path, 'application/xml'),
  post: (path) => call('POST', path),
  postJson: (path, body) => call('POST', path, 'application/json', body)
};
