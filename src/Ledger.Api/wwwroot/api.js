// The one place that talks HTTP: bearer key from sessionStorage, errors turned into plain words.
const STORE = 'ledger.key';

export const session = {
  get key() { return sessionStorage.getItem(STORE); },
  signIn(key) { sessionStorage.setItem(STORE, key); },
  signOut() { sessionStorage.removeItem(STORE); },
};

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// Raised for every 401 so the shell can send the person back to sign in.
export const onUnauthorized = new EventTarget();

/** fetch JSON; resolves to {body, response}; rejects with ApiError carrying words a person understands. */
export async function request(method, path, { body, headers = {}, auth = true } = {}) {
  const h = { Accept: 'application/json', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (auth && session.key) h.Authorization = `Bearer ${session.key}`;
  let response;
  try {
    response = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the gateway. Check your connection and try again.');
  }
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (response.ok) return { body: json, response };

  const err = json?.error ?? {};
  const error = new ApiError(response.status, err.code ?? `http_${response.status}`, explain(response.status, err));
  if (response.status === 401 && auth) onUnauthorized.dispatchEvent(new CustomEvent('unauthorized', { detail: error }));
  throw error;
}

function explain(status, err) {
  if (status === 401) return 'That key is not valid — sign in again.';
  if (status === 403 && err.code === 'insufficient_scope')
    return 'This key can only send requests. Managing keys, credits and billing needs a full-scope key — sign in with one.';
  if (err.message) return err.message;
  if (status === 404) return 'This part of the gateway is not available.';
  if (status >= 500) return 'The gateway had a problem. Try again in a moment.';
  return `The gateway answered ${status}.`;
}

export const get = (path) => request('GET', path).then(r => r.body);
export const post = (path, body, opts) => request('POST', path, { body, ...opts }).then(r => r.body);
export const patch = (path, body, headers) => request('PATCH', path, { body, headers }).then(r => r.body);
export const del = (path) => request('DELETE', path).then(r => r.body);

/** Read endpoints still being built answer 404: callers get null and show an empty state. */
export async function getOptional(path) {
  try { return await get(path); }
  catch (e) { if (e instanceof ApiError && e.status === 404) return null; throw e; }
}
