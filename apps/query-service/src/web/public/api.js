// @ts-check
import { credentialHeaders, refusalHint } from './auth.js';
import { h } from './dom.js';

/** An answer other than 2xx, with the API's error body (`{ statusCode, code, message, errors[] }`) if any. */
export class ApiError extends Error {
  /**
   * @param {string} url
   * @param {number} status 0 when no answer came
   * @param {any} body
   */
  constructor(url, status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.url = url;
    this.status = status;
    this.body = body;
  }
}

/**
 * A URL with the non-empty parameters only: the API refuses an empty filter.
 *
 * @param {string} path
 * @param {Record<string, unknown>} params
 */
export const urlWith = (path, params) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
};

/** What a request that never got an answer (offline, refused, aborted) is shown as: status 0. */
const networkError = (/** @type {string} */ url, /** @type {any} */ error) =>
  new ApiError(url, 0, { code: 'NETWORK', message: String(error?.message ?? error), errors: [] });

/** A GET carrying the reader's credential; a network failure becomes an ApiError with status 0. */
const get = async (url, accept) => {
  try {
    return await fetch(url, { headers: { Accept: accept, ...credentialHeaders() } });
  } catch (error) {
    throw networkError(url, error);
  }
};

/**
 * GETs JSON; anything but a 2xx JSON answer becomes an ApiError.
 *
 * @param {string} url
 * @returns {Promise<any>}
 */
export const getJson = async (url) => {
  const response = await get(url, 'application/json');
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(url, response.status, body);
  return body;
};

/**
 * POSTs JSON with the reader's credential (a command: the command service's, at `config.commandServiceUrl`);
 * anything but a 2xx JSON answer becomes an ApiError.
 */
export const postJson = async (url, body = {}) => {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...credentialHeaders() },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw networkError(url, error);
  }
  const answer = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(url, response.status, answer);
  return answer;
};

/**
 * The API refused the credential itself (none, expired, unknown): the reader must sign in (again).
 *
 * @param {unknown} error
 */
export const isUnauthenticated = (error) => error instanceof ApiError && error.status === 401;

/**
 * Downloads a CSV with the reader's credential: a plain link could not send it, so the file is fetched
 * and handed to the browser as a blob under `filename`.
 */
export const downloadCsv = async (url, filename) => {
  const response = await get(url, 'text/csv');
  if (!response.ok) throw new ApiError(url, response.status, await response.json().catch(() => undefined));
  const href = URL.createObjectURL(await response.blob());
  const link = h('a', { href, download: filename, 'data-blob': '' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
};

/** @type {Promise<{ labels: any, config: any, me: any }> | undefined} */
let cache;
/**
 * The labels of every code (GET /reports/labels, for any signed-in reader) and the pages' settings
 * (public), loaded once per page.
 */
export const loadBasics = () => {
  cache ??= Promise.all([
    getJson('/reports/labels'),
    getJson('/dashboard/config.json'),
    getJson('/auth/me'),
  ]).then(([labels, config, me]) => ({ labels, config, me }));
  return cache;
};

/**
 * The API's error as the page shows it: status, code, message and each field with its reason.
 *
 * @param {any} error
 * @param {import('./i18n.js').UiText} text
 */
export const errorBox = (error, text) => {
  const body = error instanceof ApiError ? error.body : undefined;
  const fieldErrors = Array.isArray(body?.errors) ? body.errors : [];
  const hint = refusalHint(body?.code, text);
  return h(
    'div',
    { class: 'error', role: 'alert', 'data-error-code': body?.code ?? '' },
    h('strong', {}, text.errorTitle),
    ' ',
    error instanceof ApiError && error.status ? `HTTP ${error.status}` : null,
    body?.code ? h('code', {}, body.code) : null,
    hint ? h('p', { class: 'hint', 'data-refusal': body.code }, hint) : null,
    h('p', {}, body?.message ?? String(error?.message ?? error)),
    fieldErrors.length
      ? h(
          'ul',
          {},
          fieldErrors.map((each) =>
            h(
              'li',
              { 'data-error-field': each.field },
              h('span', { class: 'error-field' }, `${text.errorField}: ${each.field || '—'}`),
              ' — ',
              `${text.errorReason}: ${each.reason}`,
              each.code ? h('code', {}, each.code) : null,
            ),
          ),
        )
      : null,
  );
};
