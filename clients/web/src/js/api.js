// Calls the fgcd API from the browser: JSON in and out, the session cookie, the CSRF header, problem details.
let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token || null;
}

// An answer other than 2xx. problem is the RFC 9457 body when there is one.
export class ApiError extends Error {
  constructor(status, problem, response) {
    super((problem && (problem.detail || problem.title)) || `The service answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem || {};
    this.retryAfter = response ? Number(response.headers.get('Retry-After')) || null : null;
    this.requestId = (problem && problem.request_id) || (response && response.headers.get('X-Request-Id')) || null;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// A random key for Idempotency-Key (crypto.randomUUID needs a secure context; this does not).
export function newIdempotencyKey() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === 'function' && globalThis.isSecureContext) {
    return globalThis.crypto.randomUUID();
  }
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// The version of a record as an If-Match value.
export function ifMatch(version) {
  return `"${version}"`;
}

// Sends one request. Resolves to {status, body, headers}; rejects with ApiError for any status
// outside 2xx (401 also fires a "fgcd:signed-out" event on window, so the app can ask the user to
// sign in again) and with TypeError when the network fails.
// text: a body sent as it is (such as a CSV file), with contentType, instead of JSON.
export async function request(method, path, { body, text, contentType, ifMatch: version, idempotencyKey, signal } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  else if (text !== undefined) headers['Content-Type'] = contentType || 'text/plain; charset=utf-8';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (version !== undefined && version !== null) headers['If-Match'] = ifMatch(version);
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? text : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
    signal,
  });
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (response.status !== 204 && /json/.test(type)) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data, response);
    if (response.status === 401 && !path.startsWith('/auth/')) {
      window.dispatchEvent(new CustomEvent('fgcd:signed-out'));
    }
    throw error;
  }
  // The session's idle time starts again with every answer (timeout-warning.js listens).
  window.dispatchEvent(new CustomEvent('fgcd:activity'));
  return { status: response.status, body: data, headers: response.headers };
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, body, options = {}) => request('POST', path, { ...options, body });
export const patch = (path, body, options = {}) => request('PATCH', path, { ...options, body });
// A text body such as a CSV file: postText(path, csv, 'text/csv; charset=utf-8', {idempotencyKey}).
export const postText = (path, text, contentType, options = {}) => request('POST', path, { ...options, text, contentType });

// A query string from an object, leaving out empty values.
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Every item of a paged list, following next_cursor (at most maxPages pages of 200).
export async function getAll(path, params = {}, maxPages = 10) {
  const items = [];
  let cursor;
  for (let page = 0; page < maxPages; page++) {
    const { body } = await get(path + query({ ...params, limit: 200, cursor }));
    items.push(...body.items);
    if (!body.next_cursor) break;
    cursor = body.next_cursor;
  }
  return items;
}
