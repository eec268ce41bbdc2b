/**
 * `/api.js`: the signed-in session (sessionStorage, so it ends with the tab) and
 * calls to the hub's API with the bearer token.
 */
// biome-ignore lint/complexity/noUselessStringRaw: keeps any backslash in the served code verbatim
export const apiJs = String.raw`
const KEY = 'dsr-hub.session';

/** @typedef {{ role: 'ops' | 'compliance', token: string }} Session */

/** @returns {Session | null} */
export function currentSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    return stored && typeof stored.token === 'string' ? stored : null;
  } catch {
    return null;
  }
}

/** @param {Session} session */
export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

/** Whether to show ops buttons; the hub checks the role again on every action. */
export const isOps = () => currentSession()?.role === 'ops';

export function endSession() {
  sessionStorage.removeItem(KEY);
}

/** An answer other than 2xx, with the problem document's title and detail. */
export class ApiError extends Error {
  /** @param {number} status @param {string} title @param {string} detail */
  constructor(status, title, detail) {
    super(detail || title);
    this.status = status;
    this.title = title;
  }
}

/**
 * @param {string} path e.g. /v1/requests?limit=25
 * @param {{ method?: string, body?: unknown, token?: string }} [options]
 */
export async function api(path, options = {}) {
  const token = options.token || currentSession()?.token;
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method: options.method || 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'The hub did not answer', 'Check the connection and try again.');
  }
  const text = await response.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    throw new ApiError(response.status, data?.title || response.statusText, data?.detail || '');
  }
  return data;
}

/**
 * An ops action (POST). A 403 means the token is read-only after all: the session drops
 * to the compliance role so ops buttons disappear on the next render.
 */
export async function act(path, body) {
  try {
    return await api(path, { method: 'POST', body });
  } catch (error) {
    const session = currentSession();
    if (error instanceof ApiError && error.status === 403 && session) {
      saveSession({ ...session, role: 'compliance' });
      error.message = 'This needs the ops role; your token is read-only.';
    }
    throw error;
  }
}

/** Encodes one path segment. */
export const seg = (value) => encodeURIComponent(value);
`;
