// @ts-check
import { errorBox, getJson, urlWith } from './api.js';
import { onTimeOf } from './complaint-table.js';
import { h, replaceChildren, table } from './dom.js';
import { formatInstant } from './format.js';
import { startPage } from './page.js';

/** Personal data stays off the report pages (保密制度); the id is in the page's heading already. */
const HIDDEN_FACTS = new Set(['complaintId', 'customer']);

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Follow-up answer fields of the event, by the question the labels name. */
const ANSWER_QUESTIONS = {
  resultSatisfaction: 'result',
  timeliness: 'timeliness',
  attitudeSatisfaction: 'attitude',
  wouldReuse: 'wouldReuse',
};

/** Fields whose values are codes of the complaint vocabulary, and the group that names them. */
const VALUE_GROUPS = {
  mode: 'mode',
  contactMethod: 'contactMethod',
  assigneeKind: 'assigneeKind',
  method: 'method',
  sources: 'sources',
  outcome: 'outcome',
  kind: 'optionKind',
};

const complaintIdOf = () => decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');

/** One event fact in words: codes through the labels, instants in the reporting zone. */
const factValue = (name, value, context) => {
  const { label, lang, text, timeZone } = context;
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '—';
  if (typeof value === 'boolean') return value ? text.yes : text.no;
  if (typeof value === 'string' && INSTANT.test(value)) return formatInstant(value, lang, timeZone);
  const byName = {
    businessLine: label.businessLine,
    channel: label.channel,
    duplicateChannel: label.channel,
    category: label.category,
    severity: label.severity,
    responsibility: label.responsibility,
    form: label.form,
    family: label.family,
    causeCode: label.cause,
  }[name];
  if (byName && typeof value === 'string') return byName(value);
  if (VALUE_GROUPS[name] && typeof value === 'string') return label.value(VALUE_GROUPS[name], value) ?? value;
  if (typeof value === 'number' && ['fromLevel', 'toLevel', 'level', 'skippedLevels'].includes(name))
    return label.level(value);
  if (typeof value === 'string' && ['level', 'toLevelName'].includes(name)) return label.levelCode(value);
  if (name === 'answers' && typeof value === 'object')
    return Object.entries(value)
      .map(([field, answer]) => {
        const question = ANSWER_QUESTIONS[field];
        return question
          ? `${label.question(question)}: ${label.answer(question, answer)}`
          : `${label.field(field)}: ${answer}`;
      })
      .join('; ');
  if (name === 'causes' && Array.isArray(value))
    return value
      .map((cause) =>
        [
          label.family(cause.family),
          label.cause(cause.causeCode),
          cause.responsibleUnit,
          cause.staffJobNumber,
        ]
          .filter(Boolean)
          .join(' / '),
      )
      .join('; ');
  if (Array.isArray(value)) return value.map((each) => factValue(name, each, context)).join('；');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([field, nested]) => `${label.field(field)}: ${factValue(field, nested, context)}`)
      .join('; ');
  return String(value);
};

const facts = (data, context) =>
  h(
    'dl',
    { class: 'facts' },
    Object.entries(data ?? {})
      .filter(([name]) => !HIDDEN_FACTS.has(name))
      .map(([name, value]) => [
        h('dt', { 'data-field': name }, context.label.field(name)),
        h('dd', { 'data-fact': name }, factValue(name, value, context)),
      ]),
  );

/**
 * What the complaint is, at a glance: its acceptance number, status, line, category, severity, the reply
 * deadline in force and whether it is met, from the read side's current state (GET /complaints).
 */
const summary = (row, { label, lang, text, timeZone }) => {
  if (!row) return h('p', { class: 'note', 'data-summary': 'missing' }, text.notProjected);
  const onTime = onTimeOf(row);
  const item = (field, value, attrs = {}) =>
    h(
      'div',
      { class: 'stat' },
      h('dt', {}, label.field(field)),
      h('dd', { 'data-summary': field, ...attrs }, value),
    );
  return h(
    'dl',
    { class: 'stats summary' },
    item('acceptanceNumber', row.acceptanceNumber),
    item('status', label.value('status', row.status) ?? row.status, { 'data-value': row.status }),
    item('businessLine', label.businessLine(row.businessLine)),
    item(
      'category',
      row.category ? label.category(row.category) : label.breakdownKey('category', 'unclassified'),
    ),
    item('severity', row.severity ? label.severity(row.severity) : '—'),
    item('replyDeadline', row.replyDeadline ? formatInstant(row.replyDeadline, lang, timeZone) : '—'),
    item('deadlineMet', label.value('onTime', onTime) ?? onTime, { 'data-value': onTime }),
  );
};

/** @type {import('./page.js').Render} */
const renderPage = ({ root, lang, text, label, config, data, error }) => {
  const complaintId = complaintIdOf();
  const context = { label, lang, text, timeZone: config.timeZone };
  const header = h(
    'header',
    { class: 'page-header' },
    h('button', { type: 'button', class: 'no-print back', onclick: () => history.back() }, '←'),
    h(
      'h1',
      {},
      `${text.timelineTitle}: `,
      h('code', { 'data-complaint-id': complaintId }, data?.row?.acceptanceNumber ?? complaintId),
    ),
    data ? summary(data.row, context) : null,
    h('p', { class: 'subtitle' }, `${text.timeZone}: ${config.timeZone}`),
  );
  if (!data) {
    replaceChildren(root, header, error ? errorBox(error, text) : null);
    return;
  }
  const events = [...data.events].sort((a, b) => a.revision - b.revision);
  replaceChildren(
    root,
    header,
    h(
      'section',
      { class: 'card' },
      table(
        [text.revision, text.type, text.when, text.actor, text.facts],
        events.map((event) => [
          String(event.revision),
          h('span', { 'data-event-type': event.type, title: event.type }, label.eventType(event.type)),
          formatInstant(event.occurredAt, lang, config.timeZone),
          event.actor
            ? [
                event.actor.id,
                event.actor.role ? ` (${label.value('role', event.actor.role) ?? event.actor.role})` : '',
              ]
            : '—',
          facts(event.data, context),
        ]),
        { 'data-list': 'events' },
      ),
    ),
  );
};

startPage({
  page: 'complaint',
  title: (text) => text.timelineTitle,
  load: async ({ config }) => {
    const id = complaintIdOf();
    const [timeline, found] = await Promise.all([
      getJson(urlWith(`${config.commandServiceUrl}/complaints/${encodeURIComponent(id)}/events`, {})),
      getJson(urlWith('/complaints', { complaintId: id, limit: 1 })),
    ]);
    return { ...timeline, row: found.items[0] ?? null };
  },
  render: renderPage,
});
