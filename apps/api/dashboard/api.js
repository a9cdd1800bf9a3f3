/*
 * The dashboard's calls to this API: the bearer token (asked for when the API needs one; kept
 * in sessionStorage, or taken once from `#token=…`), GETs, and the actions' POSTs (JSON bodies).
 */
const TOKEN_KEY = 'stockflow.apiToken';

export class Unauthorized extends Error {}

/** The token: from `#token=…` once (then removed from the URL, the rest of the hash kept), else the stored one. */
export function token() {
  const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(m[1]));
    const rest = location.hash.slice(1).split('&').filter((p) => !p.startsWith('token=')).join('&');
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

/** GET (or, with `body`, POST as JSON); the parsed answer, or an Error with `status` and the API's message. */
export async function api(path, body) {
  const t = token();
  const headers = t ? { Authorization: `Bearer ${t}` } : {};
  const init = body === undefined ? { headers } : { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  if (res.status === 401) throw new Unauthorized('token required');
  const answer = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(answer && answer.error ? `${answer.error.code}: ${answer.error.message}` : `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return answer;
}
