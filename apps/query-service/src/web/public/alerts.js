// @ts-check
import { errorBox, getJson, postJson, urlWith } from './api.js';
import { h, replaceChildren, table } from './dom.js';
import { formatCount, formatDecimal, formatInstant, formatProbability } from './format.js';
import { mayOpen, startPage } from './page.js';

const STATUSES = ['open', 'acknowledged', 'all'];
const PAGE_SIZE = 50;

/** `?status=` (open by default), `?page=`: GET /alerts with the same parameters. */
const requestOf = (params) => ({
  status: STATUSES.includes(params.get('status')) ? params.get('status') : 'open',
  rule: params.get('rule') ?? '',
  businessLine: params.get('businessLine') ?? '',
  page: params.get('page') ?? '',
  pageSize: PAGE_SIZE,
});

/** A figure as the pack shows it: probabilities in scientific notation, counts whole, means with decimals. */
const figure = (name, value, lang) => {
  if (typeof value !== 'number') return String(value);
  if (name === 'probability' || name === 'significance') return formatProbability(value, lang);
  return Number.isInteger(value) ? formatCount(value, lang) : formatDecimal(value, lang);
};

const acknowledgement = (acknowledged, text, lang, timeZone) =>
  h(
    'span',
    { 'data-acknowledged': '' },
    text.acknowledgedBy(acknowledged.by, acknowledged.role, formatInstant(acknowledged.at, lang, timeZone)),
  );

/**
 * The state cell: who acknowledged the alert, or a button for a reader whose role may acknowledge. The
 * button sends POST /alerts/:id/ack to the command side; the answer is shown at once (the list itself
 * shows it once projected, within about a second).
 */
const stateCell = (alert, { text, lang, config, me }) => {
  const timeZone = config.timeZone;
  if (alert.acknowledged) return acknowledgement(alert.acknowledged, text, lang, timeZone);
  if (!mayOpen(me, 'alert:acknowledge')) return h('span', { 'data-open': '' }, text.alertStatus.open);
  const cell = h('span', {});
  const button = h(
    'button',
    {
      type: 'button',
      'data-ack': alert.alertId,
      onclick: async () => {
        button.disabled = true;
        button.textContent = text.acknowledging;
        try {
          const answer = await postJson(
            `${config.commandServiceUrl}/alerts/${encodeURIComponent(alert.alertId)}/ack`,
          );
          const { acknowledgedBy, role, acknowledgedAt } = answer.acknowledged;
          replaceChildren(
            cell,
            acknowledgement({ by: acknowledgedBy, role, at: acknowledgedAt }, text, lang, timeZone),
          );
        } catch (error) {
          button.disabled = false;
          button.textContent = text.acknowledge;
          cell.querySelector('[data-ack-error]')?.remove();
          const box = errorBox(error, text);
          box.setAttribute('data-ack-error', '');
          cell.append(box);
        }
      },
    },
    text.acknowledge,
  );
  cell.append(button);
  return cell;
};

/** @type {import('./page.js').Render} */
const renderPage = ({ root, params, lang, pageLang, text, label, config, me, data, error }) => {
  const request = requestOf(params);
  const here = (changes) =>
    urlWith('/dashboard/alerts', { ...request, pageSize: '', ...changes, lang: pageLang });
  const tabs = h(
    'nav',
    { class: 'tabs no-print', 'aria-label': text.alertState },
    STATUSES.map((status) =>
      h(
        'a',
        {
          href: here({ status, page: '' }),
          'data-status': status,
          'aria-current': status === request.status ? 'page' : null,
        },
        text.alertStatus[status],
      ),
    ),
  );
  const header = h(
    'header',
    { class: 'page-header' },
    h('h1', {}, text.alertsTitle),
    h('p', { class: 'subtitle' }, text.alertsSubtitle),
  );
  if (!data) {
    replaceChildren(root, tabs, header, error ? errorBox(error, text) : null);
    return;
  }
  const rows = data.items.map((alert) => [
    h('span', { 'data-rule': alert.rule }, text.alertRules[alert.rule] ?? alert.rule),
    h(
      'span',
      {},
      label.businessLine(alert.businessLine),
      ' · ',
      h('code', {}, alert.key),
      ' · ',
      alert.orgUnits.join(', '),
    ),
    alert.period,
    h(
      'ul',
      { class: 'figures' },
      Object.entries(alert.figures).map(([name, value]) =>
        h('li', { 'data-figure': name, 'data-value': value }, `${name}: ${figure(name, value, lang)}`),
      ),
    ),
    formatInstant(alert.raisedAt, lang, config.timeZone),
    h(
      'a',
      { href: urlWith(alert.link, pageLang ? { lang: pageLang } : {}), 'data-link': '' },
      text.alertDetails,
    ),
    [
      stateCell(alert, { text, lang, config, me }),
      alert.undelivered.length
        ? h('p', { class: 'hint' }, `${text.alertUndelivered}: ${alert.undelivered.join(', ')}`)
        : null,
    ],
  ]);
  const list = table(
    [
      text.alertRule,
      text.alertKey,
      text.alertPeriod,
      text.alertFigures,
      text.alertRaisedAt,
      text.alertDetails,
      text.alertState,
    ],
    rows,
    { 'data-alerts': '' },
  );
  // Each row carries its alert's id and state, for the reader's tools and the tests.
  list.querySelectorAll('tbody tr').forEach((row, index) => {
    row.setAttribute('data-alert-id', data.items[index].alertId);
    row.setAttribute('data-alert-state', data.items[index].acknowledged ? 'acknowledged' : 'open');
  });
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  replaceChildren(
    root,
    tabs,
    header,
    h(
      'section',
      { class: 'card' },
      h(
        'p',
        { 'data-kpi': 'alerts.total', 'data-value': data.total },
        text.alertsShown(data.items.length, formatCount(data.total, lang)),
      ),
      data.items.length ? list : h('p', { class: 'empty' }, text.noData),
      h(
        'nav',
        { class: 'pager no-print' },
        data.page > 1
          ? h(
              'a',
              { href: here({ page: data.page - 1 }), 'data-page-link': 'previous' },
              `← ${text.previousPage}`,
            )
          : null,
        data.page < pages
          ? h(
              'a',
              { href: here({ page: data.page + 1 }), 'data-page-link': 'next', rel: 'next' },
              `${text.nextPage} →`,
            )
          : null,
      ),
    ),
  );
};

startPage({
  page: 'alerts',
  title: (text) => text.alertsTitle,
  load: ({ params }) => getJson(urlWith('/alerts', requestOf(params))),
  render: renderPage,
});
