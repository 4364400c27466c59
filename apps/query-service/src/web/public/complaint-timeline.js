import { errorBox, getJson, urlWith } from './api.js';
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
  if (typeof value === 'number' && ['fromLevel', 'toLevel'].includes(name)) return label.level(value);
  if (name === 'answers' && typeof value === 'object')
    return Object.entries(value)
      .map(([field, answer]) => {
        const question = ANSWER_QUESTIONS[field];
        return question
          ? `${label.question(question)}: ${label.answer(question, answer)}`
          : `${field}: ${answer}`;
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
  if (Array.isArray(value)) return value.map((each) => factValue(name, each, context)).join(', ');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([field, nested]) => `${field}: ${factValue(field, nested, context)}`)
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
        h('dt', {}, name),
        h('dd', { 'data-fact': name }, factValue(name, value, context)),
      ]),
  );

const renderPage = ({ root, lang, text, label, config, data, error }) => {
  const complaintId = complaintIdOf();
  const context = { label, lang, text, timeZone: config.timeZone };
  const header = h(
    'header',
    { class: 'page-header' },
    h('button', { type: 'button', class: 'no-print back', onclick: () => history.back() }, '←'),
    h('h1', {}, `${text.timelineTitle}: `, h('code', { 'data-complaint-id': complaintId }, complaintId)),
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
          event.actor ? [event.actor.id, event.actor.role ? ` (${event.actor.role})` : ''] : '—',
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
  load: ({ config }) =>
    getJson(
      urlWith(`${config.commandServiceUrl}/complaints/${encodeURIComponent(complaintIdOf())}/events`, {}),
    ),
  render: renderPage,
});
