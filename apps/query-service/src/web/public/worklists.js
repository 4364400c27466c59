// @ts-check
import { errorBox, getJson, urlWith } from './api.js';
import { scopeNote } from './auth.js';
import { complaintTable } from './complaint-table.js';
import { h, replaceChildren } from './dom.js';
import { formatCount } from './format.js';
import { startPage } from './page.js';

const WORKLISTS = ['dueSoon', 'overdue', 'awaitingMyApproval', 'dispatchedToMyUnit', 'appealsPending'];
const SORTS = [
  ['-registeredAt', 'sortRegisteredDesc'],
  ['registeredAt', 'sortRegisteredAsc'],
  ['deadline', 'sortDeadlineAsc'],
  ['-deadline', 'sortDeadlineDesc'],
];
const PAGE_SIZE = 50;

/**
 * A worklist (`?worklist=`), or the complaints a search found (`?acceptanceNumber=`, `?sourceExternalId=`):
 * GET /complaints with the same parameters, one cursor page at a time.
 */
const requestOf = (params) => {
  const search = params.get('acceptanceNumber') || params.get('sourceExternalId');
  return {
    worklist: search ? '' : params.get('worklist') || 'overdue',
    acceptanceNumber: params.get('acceptanceNumber') ?? '',
    sourceExternalId: params.get('sourceExternalId') ?? '',
    sort: params.get('sort') ?? '',
    cursor: params.get('cursor') ?? '',
    limit: PAGE_SIZE,
  };
};

/** @type {import('./page.js').Render} */
const renderPage = ({ root, params, lang, pageLang, text, label, config, data, error }) => {
  const request = requestOf(params);
  const here = (changes) =>
    urlWith('/dashboard/worklists', { ...request, limit: '', ...changes, lang: pageLang });
  const title = request.worklist ? label.worklist(request.worklist) : text.searchResultsTitle;
  const tabs = h(
    'nav',
    { class: 'tabs no-print', 'aria-label': text.worklistsTitle },
    WORKLISTS.map((name) =>
      h(
        'a',
        {
          href: here({ worklist: name, acceptanceNumber: '', sourceExternalId: '', cursor: '', sort: '' }),
          'data-worklist': name,
          'aria-current': name === request.worklist ? 'page' : null,
        },
        label.worklist(name),
        ' ',
        h(
          'span',
          { class: 'badge', 'data-worklist-count': name, 'data-value': data?.counts.counts[name] ?? '' },
          data ? formatCount(data.counts.counts[name], lang) : '…',
        ),
      ),
    ),
  );
  const header = h(
    'header',
    { class: 'page-header' },
    h('h1', {}, `${text.worklistsTitle}: `, h('span', { 'data-label': 'worklist' }, title)),
    h(
      'p',
      { class: 'subtitle' },
      request.worklist
        ? label.worklistDescription(request.worklist)
        : request.acceptanceNumber || request.sourceExternalId,
      scopeNote(data?.list.filters.scope, text),
    ),
  );
  if (!data) {
    replaceChildren(root, tabs, header, error ? errorBox(error, text) : null);
    return;
  }
  const { list } = data;
  const csvQuery = { ...request, limit: PAGE_SIZE };
  replaceChildren(
    root,
    tabs,
    header,
    h(
      'section',
      { class: 'card' },
      h(
        'p',
        { class: 'no-print controls' },
        `${text.sortedBy}: `,
        SORTS.map(([sort, words]) =>
          h(
            'a',
            {
              href: here({ sort, cursor: '' }),
              'data-sort': sort,
              'aria-current': sort === list.sort ? 'true' : null,
            },
            text[words],
          ),
        ),
        ' · ',
        h(
          'a',
          { class: 'csv', href: urlWith('/complaints.csv', csvQuery), download: 'complaints.csv' },
          text.downloadCsv,
        ),
      ),
      h(
        'p',
        { 'data-kpi': 'complaints.total', 'data-value': list.total },
        text.shown(list.items.length, formatCount(list.total, lang)),
      ),
      list.items.length
        ? complaintTable(list.items, { label, lang, timeZone: config.timeZone })
        : h('p', { class: 'empty' }, text.noData),
      h(
        'nav',
        { class: 'pager no-print' },
        request.cursor
          ? h('a', { href: here({ cursor: '' }), 'data-page-link': 'first' }, `← ${text.firstPage}`)
          : null,
        list.nextCursor
          ? h(
              'a',
              { href: here({ cursor: list.nextCursor }), 'data-page-link': 'next', rel: 'next' },
              `${text.nextPage} →`,
            )
          : null,
      ),
    ),
  );
};

startPage({
  page: 'worklists',
  title: (text) => text.worklistsTitle,
  load: async ({ params }) => {
    const [counts, list] = await Promise.all([
      getJson('/worklists'),
      getJson(urlWith('/complaints', requestOf(params))),
    ]);
    return { counts, list };
  },
  render: renderPage,
});
