// @ts-check
import { urlWith } from './api.js';
import { h } from './dom.js';
import { formatInstant } from './format.js';
import { addressLanguage } from './i18n.js';

/**
 * The columns every complaint table shows (a search, a worklist, a drill-down), in this order: the CSV of
 * each has the same rows. Headers and values come from the one vocabulary of GET /reports/labels.
 */
export const COMPLAINT_TABLE_COLUMNS = [
  'acceptanceNumber',
  'registeredAt',
  'businessLine',
  'channel',
  'category',
  'severity',
  'status',
  'orgUnit',
  'replyDeadline',
  'onTime',
  'causes',
];

/** Whether the deadline is met: met, late (replied after it), overdue (no reply, passed) or pending. */
export const onTimeOf = (item) =>
  item.deadlineMet === true
    ? 'met'
    : item.deadlineMet === false
      ? 'late'
      : item.overdue
        ? 'overdue'
        : 'pending';

/** Each column: the text shown and the key it sorts by. */
const cellOf = (column, item, { label, lang, timeZone }) => {
  const instant = (value) => (value ? formatInstant(value, lang, timeZone) : '—');
  switch (column) {
    case 'acceptanceNumber':
      return { text: item.acceptanceNumber, sortKey: item.acceptanceNumber };
    case 'registeredAt':
      return { text: instant(item.registeredAt), sortKey: item.registeredAt };
    case 'businessLine':
      return { text: label.businessLine(item.businessLine), sortKey: label.businessLine(item.businessLine) };
    case 'channel':
      return { text: label.channel(item.channel), sortKey: label.channel(item.channel) };
    case 'category':
      return {
        text: item.category ? label.category(item.category) : label.breakdownKey('category', 'unclassified'),
        sortKey: item.category ? label.category(item.category) : '',
      };
    case 'severity':
      return { text: item.severity ? label.severity(item.severity) : '—', sortKey: item.severity ?? '' };
    case 'status':
      return { text: label.value('status', item.status) ?? item.status, sortKey: item.status };
    case 'orgUnit':
      return { text: item.orgUnit, sortKey: item.orgUnit };
    case 'replyDeadline':
      return { text: instant(item.replyDeadline), sortKey: item.replyDeadline ?? '9999' };
    case 'onTime': {
      const onTime = onTimeOf(item);
      return {
        text: label.value('onTime', onTime) ?? onTime,
        sortKey: onTime,
        attrs: { 'data-on-time': onTime },
      };
    }
    case 'causes':
      return {
        text: item.causes.length
          ? item.causes.map((code) => label.cause(code)).join(lang === 'zh-CN' ? '、' : ', ')
          : '—',
        sortKey: item.causes.join(' '),
      };
    default:
      return { text: '', sortKey: '' };
  }
};

/**
 * A sortable table of complaints: a click on a column's head sorts the rows shown by it, a second click
 * reverses; the acceptance number opens the complaint. Rows keep the API's order until then.
 */
export const complaintTable = (items, context) => {
  const { label, lang } = context;
  const pageLang = addressLanguage(lang);
  const rows = items.map((item, index) => ({
    item,
    index,
    cells: COMPLAINT_TABLE_COLUMNS.map((c) => cellOf(c, item, context)),
  }));
  const tbody = h('tbody', {});
  let sorted = { column: -1, descending: false };

  const draw = () => {
    const ordered = [...rows];
    if (sorted.column >= 0)
      ordered.sort((a, b) => {
        const x = a.cells[sorted.column].sortKey;
        const y = b.cells[sorted.column].sortKey;
        const order = x < y ? -1 : x > y ? 1 : a.index - b.index;
        return sorted.descending ? -order : order;
      });
    tbody.replaceChildren(
      ...ordered.map(({ item, cells }) =>
        h(
          'tr',
          { 'data-row-id': item.complaintId },
          cells.map((cell, i) =>
            h(
              'td',
              { 'data-column': COMPLAINT_TABLE_COLUMNS[i], ...(cell.attrs ?? {}) },
              i === 0
                ? h(
                    'a',
                    {
                      href: urlWith(`/dashboard/complaints/${encodeURIComponent(item.complaintId)}`, {
                        lang: pageLang,
                      }),
                      'data-complaint-id': item.complaintId,
                    },
                    cell.text,
                  )
                : cell.text,
            ),
          ),
        ),
      ),
    );
    heads.forEach((head, i) =>
      head.setAttribute(
        'aria-sort',
        i === sorted.column ? (sorted.descending ? 'descending' : 'ascending') : 'none',
      ),
    );
  };

  const heads = COMPLAINT_TABLE_COLUMNS.map((column, i) =>
    h(
      'th',
      { scope: 'col', 'data-sort-column': column },
      h(
        'button',
        {
          type: 'button',
          class: 'sort',
          onclick: () => {
            sorted = { column: i, descending: sorted.column === i ? !sorted.descending : false };
            draw();
          },
        },
        label.field(column === 'onTime' ? 'deadlineMet' : column),
      ),
    ),
  );
  draw();
  return h(
    'table',
    { class: 'complaints', 'data-list': 'complaints' },
    h('thead', {}, h('tr', {}, heads)),
    tbody,
  );
};
