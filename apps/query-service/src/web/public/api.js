import { h } from './dom.js';

/** An answer other than 2xx, with the API's error body (`{ statusCode, code, message, errors[] }`) if any. */
export class ApiError extends Error {
  constructor(url, status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.url = url;
    this.status = status;
    this.body = body;
  }
}

/** A URL with the non-empty parameters only: the API refuses an empty filter. */
export const urlWith = (path, params) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
};

/** GETs JSON; anything but a 2xx JSON answer becomes an ApiError. */
export const getJson = async (url) => {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new ApiError(url, 0, { code: 'NETWORK', message: String(error?.message ?? error), errors: [] });
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError(url, response.status, body);
  return body;
};

let cache;
/** The labels of every code (GET /reports/labels) and the pages' settings, loaded once per page. */
export const loadBasics = () => {
  cache ??= Promise.all([getJson('/reports/labels'), getJson('/dashboard/config.json')]).then(
    ([labels, config]) => ({ labels, config }),
  );
  return cache;
};

/** The API's error as the page shows it: status, code, message and each field with its reason. */
export const errorBox = (error, text) => {
  const body = error instanceof ApiError ? error.body : undefined;
  const fieldErrors = Array.isArray(body?.errors) ? body.errors : [];
  return h(
    'div',
    { class: 'error', role: 'alert', 'data-error-code': body?.code ?? '' },
    h('strong', {}, text.errorTitle),
    ' ',
    error instanceof ApiError && error.status ? `HTTP ${error.status}` : null,
    body?.code ? h('code', {}, body.code) : null,
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
