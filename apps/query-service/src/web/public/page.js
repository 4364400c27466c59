// @ts-check
import { downloadCsv, errorBox, getJson, isUnauthenticated, loadBasics, urlWith } from './api.js';
import { accountBar, currentCredential, signInBox } from './auth.js';
import { disposeCharts } from './charts.js';
import { h, replaceChildren } from './dom.js';
import { LANGUAGES, addressLanguage, labeller, languageOf, uiText } from './i18n.js';

/**
 * @typedef {import('./i18n.js').Language} Language
 * @typedef {import('./i18n.js').UiText} UiText
 * @typedef {ReturnType<typeof labeller>} Label
 * @typedef {{ permissions?: string[] } & Record<string, unknown>} Me  GET /auth/me
 * @typedef {Awaited<ReturnType<typeof loadBasics>>} Basics
 */

/**
 * What a page's `render` draws from: the address, the language and its words, the labels, settings and
 * reader of GET /reports/labels, /dashboard/config.json and /auth/me, and the page's data or the error
 * that refused it.
 *
 * @typedef {object} PageContext
 * @property {HTMLElement} root
 * @property {URLSearchParams} params
 * @property {Language} lang
 * @property {'' | Language} pageLang  the language as links and forms carry it: '' for the default
 * @property {UiText} text
 * @property {Label} label
 * @property {any} labels
 * @property {any} config
 * @property {Me} me
 * @property {any} data
 * @property {unknown} error
 */

/** @typedef {(context: PageContext) => void} Render  draws a page */

/**
 * @typedef {object} PageSpec
 * @property {string} page
 * @property {(text: UiText) => string} title
 * @property {(context: { params: URLSearchParams } & Basics) => Promise<unknown>} load
 * @property {Render} render
 */

/** @type {Record<Language, string>} */
const LANGUAGE_NAMES = { 'zh-CN': '中文', en: 'English' };

/** The permission each page's data needs; its link is left out for a reader known not to hold it. */
const PAGE_PERMISSION = {
  'weekly-pack': 'analytics:read',
  trends: 'analytics:read',
  executive: 'report:executive',
  fairness: 'analytics:read',
  alerts: 'analytics:read',
  worklists: 'complaint:read',
};

/** True unless the signed-in reader is known and lacks the permission (the API still checks each call). */
export const mayOpen = (me, permission) => !me || me.permissions?.includes(permission) === true;

/**
 * Finds a complaint by what a caller reads out: its acceptance number, else its upstream system's id. One
 * match opens the complaint; several list them; none says so beside the box.
 */
const findComplaint = async (query, status, text, lang) => {
  const pageLang = addressLanguage(lang);
  status.textContent = text.loading;
  try {
    for (const filter of ['acceptanceNumber', 'sourceExternalId']) {
      const page = await getJson(urlWith('/complaints', { [filter]: query, limit: 2 }));
      if (page.items.length === 1) {
        location.assign(
          urlWith(`/dashboard/complaints/${encodeURIComponent(page.items[0].complaintId)}`, {
            lang: pageLang,
          }),
        );
        return;
      }
      if (page.items.length > 1) {
        location.assign(urlWith('/dashboard/worklists', { [filter]: query, lang: pageLang }));
        return;
      }
    }
    status.textContent = text.searchNotFound(query);
  } catch (error) {
    status.replaceChildren(errorBox(error, text));
  }
};

const searchForm = (text, lang, me) => {
  if (!mayOpen(me, 'complaint:read')) return null;
  const input = h('input', {
    type: 'search',
    name: 'q',
    'data-search': '',
    placeholder: text.searchPlaceholder,
    'aria-label': text.searchLabel,
    maxlength: 200,
  });
  const status = h('span', { class: 'search-status', role: 'status', 'data-search-status': '' });
  return h(
    'form',
    {
      class: 'search no-print',
      role: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        const query = input.value.trim();
        if (query) findComplaint(query, status, text, lang);
      },
    },
    input,
    h('button', { type: 'submit' }, text.search),
    status,
  );
};

/**
 * The nav bar: the pages the reader may open, carrying the language and the filters they share, and the
 * language switch.
 */
const navBar = (page, params, text, onLanguage, me) => {
  const lang = languageOf(params);
  const shared = { businessLine: params.get('businessLine'), lang: addressLanguage(lang) };
  const link = (id, href, label) =>
    page === id || mayOpen(me, PAGE_PERMISSION[id])
      ? h('a', { href, 'data-nav': id, 'aria-current': page === id ? 'page' : null }, label)
      : null;
  return h(
    'nav',
    { class: 'nav no-print', 'aria-label': text.appName },
    h('span', { class: 'brand' }, text.appName),
    link(
      'weekly-pack',
      urlWith('/dashboard/weekly-pack', {
        week: params.get('week'),
        orgUnit: params.get('orgUnit'),
        ...shared,
      }),
      text.navWeeklyPack,
    ),
    link('trends', urlWith('/dashboard/trends', shared), text.navTrends),
    link(
      'executive',
      urlWith('/dashboard/executive', {
        period: params.get('period'),
        orgUnit: params.get('orgUnit'),
        ...shared,
      }),
      text.navExecutive,
    ),
    link(
      'fairness',
      urlWith('/dashboard/fairness', { period: params.get('period'), ...shared }),
      text.navFairness,
    ),
    link('alerts', urlWith('/dashboard/alerts', { lang: shared.lang }), text.navAlerts),
    link('worklists', urlWith('/dashboard/worklists', { lang: shared.lang }), text.navWorklists),
    searchForm(text, lang, me),
    h(
      'span',
      { class: 'language', role: 'group', 'aria-label': text.language },
      LANGUAGES.map((each) =>
        h(
          'button',
          {
            type: 'button',
            'data-lang': each,
            'aria-pressed': each === lang ? 'true' : 'false',
            lang: each,
            onclick: () => onLanguage(each),
          },
          LANGUAGE_NAMES[each],
        ),
      ),
    ),
    accountBar(text),
  );
};

/**
 * A report's business line and org unit fields, filled from its filters.
 *
 * @param {PageContext} context
 * @param {{ businessLine: string, orgUnit: string }} filters
 */
export const scopeFields = ({ text, label, labels }, filters) => [
  h(
    'label',
    {},
    text.businessLine,
    h(
      'select',
      { name: 'businessLine' },
      h('option', { value: '' }, text.all),
      Object.keys(labels.businessLines).map((code) =>
        h('option', { value: code, selected: code === filters.businessLine }, label.businessLine(code)),
      ),
    ),
  ),
  h(
    'label',
    {},
    text.orgUnit,
    h('input', { type: 'text', name: 'orgUnit', value: filters.orgUnit, maxlength: 200 }),
  ),
];

/**
 * A report's filter form: its fields, then the page language kept, show, print and the CSV of what is
 * shown. It submits to the page itself, so the address holds the filters and a reload keeps them.
 *
 * @param {PageContext} context
 * @param {{ action: string, fields: import('./dom.js').Child[], csv: { href: string, download: string } }} form
 */
export const reportControls = ({ pageLang, text }, { action, fields, csv }) =>
  h(
    'form',
    { class: 'controls no-print', method: 'get', action },
    fields,
    pageLang ? h('input', { type: 'hidden', name: 'lang', value: pageLang }) : null,
    h('button', { type: 'submit' }, text.show),
    h('button', { type: 'button', 'data-action': 'print', onclick: () => window.print() }, text.print),
    h('a', { class: 'csv', href: csv.href, download: csv.download }, text.downloadCsv),
  );

/**
 * Runs a page: loads the labels, the settings and the page's data once, then renders; the language switch
 * re-renders the same data in the other language without a reload and keeps `?lang=` in the address, so
 * a reload or a shared link keeps it. A failed data request reaches `render` as `error`, so that the page
 * still shows its controls beside the API's reason. A reader who has not signed in gets the sign-in box
 * and no request is made; a credential the API refuses (401) brings the box back with the reason.
 *
 * @param {PageSpec} spec
 */
export const startPage = async ({ page, title, load, render }) => {
  const params = new URLSearchParams(location.search);
  // Every page's HTML has both.
  const nav = /** @type {HTMLElement} */ (document.getElementById('nav'));
  const root = /** @type {HTMLElement} */ (document.getElementById('content'));
  /**
   * @type {Partial<Basics> & { loading?: boolean, signedOut?: boolean, data?: unknown, error?: unknown,
   *   basicsError?: unknown, renderError?: unknown }}
   */
  let state = { loading: true };

  const draw = () => {
    const lang = languageOf(params);
    const text = uiText(lang);
    document.documentElement.lang = lang;
    document.title = `${title(text)} — ${text.appName}`;
    replaceChildren(nav, navBar(page, params, text, switchTo, state.me));
    disposeCharts();
    if (state.signedOut || refused()) {
      replaceChildren(
        root,
        h('h1', {}, title(text)),
        refused() ? errorBox(refused(), text) : null,
        signInBox(text),
      );
      return;
    }
    if (state.loading || state.basicsError) {
      replaceChildren(
        root,
        h('h1', {}, title(text)),
        state.basicsError ? errorBox(state.basicsError, text) : h('p', { class: 'loading' }, text.loading),
      );
      return;
    }
    const { labels, config, me, data, error } = state;
    state = { ...state, renderError: undefined };
    try {
      render({
        root,
        params,
        lang,
        pageLang: addressLanguage(lang),
        text,
        label: labeller(labels, lang),
        labels,
        config,
        me,
        data,
        error,
      });
    } catch (failure) {
      // An answer the page cannot draw is shown, not left as a page that never finishes loading.
      state = { ...state, renderError: failure };
      replaceChildren(root, h('h1', {}, title(text)), errorBox(failure, text));
    }
  };

  const switchTo = (lang) => {
    if (lang === 'zh-CN') params.delete('lang');
    else params.set('lang', lang);
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
    draw();
    markReady();
  };

  const refused = () => [state.basicsError, state.error].find(isUnauthenticated);

  // Tests and print tooling wait for this: the page has drawn its data (or its error) in this language,
  // or asks the reader to sign in.
  const markReady = () => {
    const failed = state.error || state.basicsError || state.renderError;
    if (state.signedOut || refused()) document.body.dataset.ready = 'signin';
    else document.body.dataset.ready = failed ? 'error' : languageOf(params);
  };

  // A CSV link cannot carry the credential: the file is fetched with it instead.
  root.addEventListener('click', (event) => {
    const target = /** @type {Element} */ (event.target);
    const link = /** @type {HTMLAnchorElement | null} */ (target.closest?.('a.csv[download]'));
    if (!link) return;
    event.preventDefault();
    downloadCsv(link.href, link.getAttribute('download')).catch((failure) => {
      root.querySelector('[data-csv-error]')?.remove();
      const box = errorBox(failure, uiText(languageOf(params)));
      box.setAttribute('data-csv-error', '');
      link.after(box);
    });
  });

  if (!currentCredential()) {
    state = { signedOut: true };
    draw();
    markReady();
    return;
  }
  draw();
  try {
    const basics = await loadBasics();
    try {
      state = { ...basics, data: await load({ params, ...basics }) };
    } catch (error) {
      state = { ...basics, error };
    }
  } catch (basicsError) {
    state = { basicsError };
  }
  draw();
  markReady();
};
