// @ts-check
import { errorBox, getJson, urlWith } from './api.js';
import { complaintTable } from './complaint-table.js';
import { scopeNote } from './auth.js';
import { h, replaceChildren } from './dom.js';
import { formatCount } from './format.js';
import { startPage } from './page.js';

/**
 * The drill-down's parameters, passed on to GET /reports/drill-down as they are (page size 50 unless told):
 * a weekly-pack figure names its `week`, an executive-report figure its `period`.
 */
const requestOf = (params) => ({
  metric: params.get('metric') ?? '',
  key: params.get('key') ?? '',
  week: params.get('week') ?? '',
  period: params.get('period') ?? '',
  businessLine: params.get('businessLine') ?? '',
  orgUnit: params.get('orgUnit') ?? '',
  page: params.get('page') ?? '',
  pageSize: params.get('pageSize') ?? '',
});

/** The breakdown key in words, as the pack labels it. */
const keyLabel = (metric, key, label) => {
  if (!key) return '';
  if (metric.startsWith('breakdowns.')) {
    const dimension = metric.slice('breakdowns.'.length);
    return dimension === 'orgUnit' ? key : label.breakdownKey(dimension, key);
  }
  if (metric === 'overdueOpen') return label.ageBucket(key);
  if (metric === 'escalation') return label.level(key);
  if (metric === 'rootCausePareto') return label.causeKey(key);
  if (metric === 'satisfaction') {
    const [question, answer] = key.split(':');
    return `${label.question(question)}: ${label.answer(question, answer ?? '')}`;
  }
  return key;
};

const stat = (name, kpi, value, lang) =>
  h(
    'div',
    { class: 'stat' },
    h('dt', {}, name),
    h(
      'dd',
      {},
      h('span', { class: 'figure big', 'data-kpi': kpi, 'data-value': value }, formatCount(value, lang)),
    ),
  );

/** @type {import('./page.js').Render} */
const renderPage = ({ root, params, lang, pageLang, text, label, config, data, error }) => {
  const request = requestOf(params);
  const metric = data?.metric ?? request.metric;
  const key = data?.key ?? request.key;
  const heading = [label.metric(metric), keyLabel(metric, key, label)].filter(Boolean).join(' · ');
  // A figure of the executive report names its period, one of the weekly pack its week: the heading shows
  // which, and the back link returns to that report.
  const [reportPath, reportParams, backWords] = request.period
    ? ['/dashboard/executive', { period: request.period }, text.backToExecutive]
    : ['/dashboard/weekly-pack', { week: request.week }, text.backToPack];
  const back = h(
    'a',
    {
      class: 'no-print',
      href: urlWith(reportPath, {
        ...reportParams,
        businessLine: request.businessLine,
        orgUnit: request.orgUnit,
        lang: pageLang,
      }),
    },
    `← ${backWords}`,
  );
  const [periodName, periodId] = request.period
    ? [text.period, data?.period ?? request.period]
    : [text.week, data?.week ?? request.week];
  const reportPeriod = h(
    'span',
    { 'data-kpi': request.period ? 'drillDown.period' : 'drillDown.week', 'data-value': periodId },
    `${periodName} ${periodId}`,
  );
  const header = h(
    'header',
    { class: 'page-header' },
    back,
    h(
      'h1',
      {},
      `${text.drillDownTitle}: `,
      h('span', { 'data-label': 'drillDown.metric' }, heading),
      ' · ',
      reportPeriod,
    ),
    h(
      'p',
      { class: 'subtitle' },
      `${text.businessLine}: `,
      request.businessLine ? label.businessLine(request.businessLine) : text.all,
      ` · ${text.orgUnit}: ${request.orgUnit || text.all}`,
      scopeNote(data?.filters.scope, text),
    ),
  );
  if (!data) {
    replaceChildren(root, header, error ? errorBox(error, text) : null);
    return;
  }
  const pages = data.pages ?? Math.max(1, Math.ceil(data.total / data.pageSize));
  const pageLink = (page, name) =>
    page >= 1 && page <= pages
      ? h(
          'a',
          {
            href: urlWith('/dashboard/drill-down', { ...request, page, lang: pageLang }),
            'data-page-link': name,
            rel: name,
          },
          name === 'prev' ? `← ${text.previousPage}` : `${text.nextPage} →`,
        )
      : null;
  replaceChildren(
    root,
    header,
    h(
      'section',
      { class: 'card' },
      h(
        'dl',
        { class: 'stats' },
        // Figures that count events or causes (replies, follow-ups, causes) list the complaints they belong to.
        data.members !== undefined && data.members !== data.total
          ? stat(text.counted, 'drillDown.members', data.members, lang)
          : null,
        stat(
          data.members !== undefined && data.members !== data.total ? text.complaintsListed : text.total,
          'drillDown.total',
          data.total,
          lang,
        ),
      ),
      h(
        'p',
        { class: 'no-print' },
        h(
          'a',
          { class: 'csv', href: urlWith('/reports/drill-down.csv', request), download: 'drill-down.csv' },
          text.downloadCsv,
        ),
      ),
      data.complaintIds.length
        ? complaintTable(data.complaints ?? [], { label, lang, timeZone: config.timeZone })
        : h('p', { class: 'empty' }, text.noData),
      h(
        'nav',
        { class: 'pager no-print' },
        pageLink(data.page - 1, 'prev'),
        h('span', { 'data-kpi': 'drillDown.page', 'data-value': data.page }, text.pageOf(data.page, pages)),
        pageLink(data.page + 1, 'next'),
      ),
    ),
  );
};

startPage({
  page: 'drill-down',
  title: (text) => text.drillDownTitle,
  load: ({ params }) => getJson(urlWith('/reports/drill-down', requestOf(params))),
  render: renderPage,
});
