// @ts-check
import { errorBox, getJson, urlWith } from './api.js';
import { scopeNote } from './auth.js';
import { barChart, drawChart } from './charts.js';
import { h, replaceChildren, table } from './dom.js';
import { chartBoxes, figure, stat } from './figures.js';
import {
  formatCount,
  formatDay,
  formatDecimal,
  formatPercent,
  formatSignedCount,
  formatSignedPercent,
} from './format.js';
import { reportControls, scopeFields, startPage } from './page.js';

/** The pack's parameters from the address; a page opened bare shows the last complete week. */
const filtersOf = (params, config) => ({
  week: params.get('week') || config.defaultWeek,
  businessLine: params.get('businessLine') ?? '',
  orgUnit: params.get('orgUnit') ?? '',
});

const BREAKDOWNS = ['channel', 'category', 'severity', 'responsibility', 'orgUnit'];
const QUESTIONS = ['result', 'timeliness', 'attitude', 'wouldReuse'];
const CHART_COLORS = ['#2f6fb0', '#e08a2c', '#c0392b'];

/** @type {import('./page.js').Render} */
const renderPage = (context) => {
  const { root, params, lang, pageLang, text, label, config, data, error } = context;
  const filters = filtersOf(params, config);
  const count = (value) => formatCount(value, lang);
  const percent = (value) => formatPercent(value, lang);
  /** The drill-down of a figure, in the pack's filters (another week for the previous-week figures). */
  const drill = (metric, key, week = filters.week) =>
    urlWith('/dashboard/drill-down', {
      metric,
      key,
      week,
      businessLine: filters.businessLine,
      orgUnit: filters.orgUnit,
      lang: pageLang,
    });
  const countFigure = (kpi, value, metric, key, week) =>
    figure(kpi, value, count(value), drill(metric, key, week));
  const { chartBox, drawCharts } = chartBoxes();

  const shownFormulas = new Set();
  const section = (id, content, formulas = [id]) => {
    for (const each of formulas) shownFormulas.add(each);
    return h(
      'section',
      { class: 'card', 'data-section': id },
      h('h2', { 'data-label': `kpi.${id}` }, label.kpi(id)),
      content,
      formulas.map((each) =>
        h(
          'p',
          { class: 'formula', 'data-formula': each },
          h(
            'span',
            { class: 'formula-name' },
            `${text.formula}${formulas.length > 1 ? ` · ${label.kpi(each)}` : ''}: `,
          ),
          label.formula(each),
        ),
      ),
    );
  };

  /** A rate with its numerator and denominator, each a link to its complaints. */
  const rate = (id, value, numeratorMetric, denominatorMetric, extra = []) =>
    h(
      'dl',
      { class: 'stats' },
      stat(text.rate, figure(`${id}.rate`, value.rate, percent(value.rate))),
      stat(label.metric(numeratorMetric), countFigure(`${id}.numerator`, value.numerator, numeratorMetric)),
      stat(
        label.metric(denominatorMetric),
        countFigure(`${id}.denominator`, value.denominator, denominatorMetric),
      ),
      extra,
    );

  const header = h(
    'header',
    { class: 'page-header' },
    h('h1', {}, text.weeklyPackTitle),
    data
      ? h(
          'p',
          { class: 'subtitle' },
          h(
            'span',
            { 'data-kpi': 'week.id', 'data-value': data.pack.week.id },
            `${text.week} ${data.pack.week.id}`,
          ),
          ` · ${formatDay(data.pack.week.start, lang, data.pack.week.timeZone)} – `,
          formatDay(
            new Date(Date.parse(data.pack.week.end) - 1).toISOString(),
            lang,
            data.pack.week.timeZone,
          ),
          ` (${data.pack.week.timeZone}) · ${text.businessLine}: `,
          h(
            'span',
            { 'data-label': 'filters.businessLine' },
            data.pack.filters.businessLine ? label.businessLine(data.pack.filters.businessLine) : text.all,
          ),
          ` · ${text.orgUnit}: `,
          data.pack.filters.orgUnit ?? text.all,
          scopeNote(data.pack.filters.scope, text),
        )
      : null,
  );

  const controls = reportControls(context, {
    action: '/dashboard/weekly-pack',
    fields: [
      h(
        'label',
        {},
        text.week,
        h('input', {
          type: 'week',
          name: 'week',
          value: filters.week,
          required: true,
          pattern: '\\d{4}-W\\d{2}',
        }),
      ),
      scopeFields(context, filters),
    ],
    csv: { href: urlWith('/reports/weekly-pack.csv', filters), download: `weekly-pack-${filters.week}.csv` },
  });

  if (!data) {
    replaceChildren(root, header, controls, error ? errorBox(error, text) : null);
    return;
  }
  const { pack } = data;
  const previousWeek = pack.volume.previous4Weeks[0]?.week;

  const volume = section(
    'volume',
    h(
      'div',
      { class: 'split' },
      h(
        'dl',
        { class: 'stats' },
        stat(
          text.thisWeek,
          h('span', { class: 'big' }, countFigure('volume.count', pack.volume.count, 'volume')),
        ),
        stat(
          text.previousWeek,
          countFigure('volume.previousWeek', pack.volume.previousWeek, 'volume', undefined, previousWeek),
        ),
        stat(
          text.changeVsPreviousWeek,
          figure(
            'volume.changeVsPreviousWeek.difference',
            pack.volume.changeVsPreviousWeek.difference,
            formatSignedCount(pack.volume.changeVsPreviousWeek.difference, lang),
          ),
          ' (',
          figure(
            'volume.changeVsPreviousWeek.relative',
            pack.volume.changeVsPreviousWeek.relative,
            formatSignedPercent(pack.volume.changeVsPreviousWeek.relative, lang),
          ),
          ')',
        ),
        stat(
          text.meanOfPrevious4Weeks,
          figure(
            'volume.meanOfPrevious4Weeks',
            pack.volume.meanOfPrevious4Weeks,
            formatDecimal(pack.volume.meanOfPrevious4Weeks, lang),
          ),
        ),
        stat(
          text.changeVsMeanOfPrevious4Weeks,
          figure(
            'volume.changeVsMeanOfPrevious4Weeks.difference',
            pack.volume.changeVsMeanOfPrevious4Weeks.difference,
            formatSignedCount(pack.volume.changeVsMeanOfPrevious4Weeks.difference, lang),
          ),
          ' (',
          figure(
            'volume.changeVsMeanOfPrevious4Weeks.relative',
            pack.volume.changeVsMeanOfPrevious4Weeks.relative,
            formatSignedPercent(pack.volume.changeVsMeanOfPrevious4Weeks.relative, lang),
          ),
          ')',
        ),
      ),
      chartBox('volume.weeks', (element) =>
        barChart(
          element,
          [
            ...[...pack.volume.previous4Weeks].reverse().map(({ week, count: weekCount }) => ({
              label: week,
              count: weekCount,
              href: drill('volume', '', week),
            })),
            { label: pack.week.id, count: pack.volume.count, href: drill('volume') },
          ],
          lang,
        ),
      ),
    ),
  );

  const abnormal = section(
    'abnormal',
    h(
      'dl',
      { class: 'stats' },
      stat(text.thisWeek, countFigure('volume.abnormal', pack.volume.abnormal, 'abnormal')),
    ),
  );

  const breakdowns = section(
    'breakdowns',
    h(
      'div',
      { class: 'grid' },
      BREAKDOWNS.map((dimension) => {
        const rows = (pack.breakdowns[dimension] ?? []).map(({ key, count: keyCount }) => ({
          key,
          label: dimension === 'orgUnit' ? key : label.breakdownKey(dimension, key),
          count: keyCount,
          href: drill(`breakdowns.${dimension}`, key),
        }));
        return h(
          'div',
          { class: 'breakdown', 'data-breakdown': dimension },
          h('h3', { 'data-label': `breakdowns.${dimension}` }, label.breakdownDimension(dimension)),
          rows.length
            ? [
                chartBox(`breakdowns.${dimension}`, (element) =>
                  barChart(element, rows, lang, { horizontal: true }),
                ),
                table(
                  [label.breakdownDimension(dimension), text.count],
                  rows.map((row) => [
                    h('span', { 'data-label': `breakdowns.${dimension}.${row.key}` }, row.label),
                    figure(`breakdowns.${dimension}.${row.key}`, row.count, count(row.count), row.href),
                  ]),
                ),
              ]
            : h('p', { class: 'empty' }, text.noData),
        );
      }),
    ),
  );

  const timeliness = section(
    'timeliness',
    [
      rate('timeliness', pack.timeliness, 'timeliness.onTime', 'timeliness.replies', [
        stat(
          label.metric('timeliness.late'),
          countFigure(
            'timeliness.late',
            pack.timeliness.denominator - pack.timeliness.numerator,
            'timeliness.late',
          ),
        ),
        stat(
          label.kpi('interimReplies'),
          countFigure('timeliness.interimReplies', pack.timeliness.interimReplies, 'interimReplies'),
        ),
      ]),
    ],
    ['timeliness', 'interimReplies'],
  );

  const overdueRows = pack.overdueOpen.byAge.map(({ key, count: bucketCount }) => ({
    key,
    label: label.ageBucket(key),
    count: bucketCount,
    href: drill('overdueOpen', key),
  }));
  const overdue = section(
    'overdueOpen',
    h(
      'div',
      { class: 'split' },
      h(
        'div',
        {},
        h(
          'dl',
          { class: 'stats' },
          stat(text.total, countFigure('overdueOpen.total', pack.overdueOpen.total, 'overdueOpen')),
        ),
        table(
          [text.key, text.count],
          overdueRows.map((row) => [
            h('span', { 'data-label': `overdueOpen.byAge.${row.key}` }, row.label),
            figure(`overdueOpen.byAge.${row.key}`, row.count, count(row.count), row.href),
          ]),
        ),
      ),
      chartBox('overdueOpen.byAge', (element) => barChart(element, overdueRows, lang, { color: '#c0392b' })),
    ),
  );

  const levelRows = pack.escalation.byHighestLevel.map(({ level, count: levelCount }) => ({
    key: String(level),
    label: label.level(level),
    count: levelCount,
    href: drill('escalation', String(level)),
  }));
  const escalation = section('escalation', [
    rate('escalation', pack.escalation, 'escalation', 'volume'),
    levelRows.length
      ? h(
          'div',
          { class: 'split' },
          table(
            [text.level, text.count],
            levelRows.map((row) => [
              h('span', { 'data-label': `escalation.byHighestLevel.${row.key}` }, row.label),
              figure(`escalation.byHighestLevel.${row.key}`, row.count, count(row.count), row.href),
            ]),
          ),
          chartBox('escalation.byHighestLevel', (element) => barChart(element, levelRows, lang)),
        )
      : null,
  ]);

  const rates = h(
    'div',
    { class: 'grid' },
    section(
      'firstContactResolution',
      rate('firstContactResolution', pack.firstContactResolution, 'firstContactResolution', 'closed'),
    ),
    section('reopen', rate('reopen', pack.reopen, 'reopen', 'closed')),
    section('repeatCustomer', rate('repeatCustomer', pack.repeatCustomer, 'repeatCustomer', 'volume')),
    section('followUpRate', rate('followUpRate', pack.followUpRate, 'followUps', 'closed')),
  );

  const satisfaction = section('satisfaction', [
    h(
      'dl',
      { class: 'stats' },
      stat(
        label.metric('followUps'),
        countFigure('satisfaction.followUps', pack.satisfaction.followUps, 'followUps'),
      ),
    ),
    h(
      'div',
      { class: 'split' },
      h(
        'div',
        { class: 'questions' },
        QUESTIONS.map((question) =>
          h(
            'div',
            { class: 'question' },
            h('h3', { 'data-label': `satisfaction.${question}` }, label.question(question)),
            table(
              [text.answer, text.count, text.share],
              (pack.satisfaction.answers[question] ?? []).map(({ answer, count: answerCount, share }) => [
                h(
                  'span',
                  { 'data-label': `satisfaction.${question}.${answer}` },
                  label.answer(question, answer),
                ),
                countFigure(
                  `satisfaction.${question}.${answer}.count`,
                  answerCount,
                  'satisfaction',
                  `${question}:${answer}`,
                ),
                figure(`satisfaction.${question}.${answer}.share`, share, percent(share)),
              ]),
            ),
          ),
        ),
      ),
      chartBox('satisfaction', (element) => satisfactionChart(element, pack.satisfaction, label, lang)),
    ),
  ]);

  const paretoRows = pack.rootCausePareto.map((row) => ({
    ...row,
    key: `${row.family}/${row.causeCode}/${row.responsibleUnit}`,
  }));
  const pareto = section(
    'rootCausePareto',
    paretoRows.length
      ? [
          chartBox('rootCausePareto', (element) =>
            paretoChart(element, paretoRows, label, text, lang, drill),
          ),
          table(
            [
              text.causeFamily,
              text.cause,
              text.responsibleUnit,
              text.count,
              text.share,
              text.cumulativeShare,
              text.previousWeek,
              text.changeVsPreviousWeek,
            ],
            paretoRows.map((row) => {
              const kpi = `rootCausePareto.${row.key}`;
              return [
                h('span', { 'data-label': `${kpi}.family` }, label.family(row.family)),
                h('span', { 'data-label': `${kpi}.cause` }, label.cause(row.causeCode)),
                row.responsibleUnit,
                countFigure(`${kpi}.count`, row.count, 'rootCausePareto', row.key),
                figure(`${kpi}.share`, row.share, percent(row.share)),
                figure(`${kpi}.cumulativeShare`, row.cumulativeShare, percent(row.cumulativeShare)),
                countFigure(
                  `${kpi}.previousWeek`,
                  row.previousWeek,
                  'rootCausePareto',
                  row.key,
                  previousWeek,
                ),
                figure(
                  `${kpi}.changeVsPreviousWeek`,
                  row.changeVsPreviousWeek,
                  formatSignedCount(row.changeVsPreviousWeek, lang),
                ),
              ];
            }),
            { class: 'pareto' },
          ),
        ]
      : h('p', { class: 'empty' }, text.noData),
  );

  /** The verified measures, each with its causes' weekly mean before and after (`prefix` names its figures). */
  const effectsTable = (effects, prefix) =>
    table(
      [
        'actionId',
        'causeCodes',
        'orgUnits',
        'startedAt',
        'completedAt',
        'verifiedAt',
        'effective',
        'before',
        'after',
        'change',
      ].map((field) => label.correctiveAction(field)),
      effects.map((effect) => {
        const day = (instant) => (instant ? formatDay(instant, lang, pack.week.timeZone) : '—');
        const kpi = `${prefix}.${effect.actionId}`;
        return [
          effect.actionId,
          effect.causeCodes.map((code) => label.cause(code)).join(', '),
          effect.orgUnits.join(', '),
          day(effect.startedAt),
          day(effect.completedAt),
          day(effect.verifiedAt),
          effect.effective ? text.yes : text.no,
          figure(`${kpi}.before`, effect.before.weeklyMean, formatDecimal(effect.before.weeklyMean, lang)),
          figure(`${kpi}.after`, effect.after.weeklyMean, formatDecimal(effect.after.weeklyMean, lang)),
          [
            figure(
              `${kpi}.change`,
              effect.change.difference,
              formatSignedCount(effect.change.difference, lang),
            ),
            ` (${formatSignedPercent(effect.change.relative, lang)})`,
          ],
        ];
      }),
    );

  const since = pack.sinceLastMeeting;
  const measureTable = (lines, kpi) =>
    lines.length
      ? table(
          ['actionId', 'causeCodes', 'orgUnits', 'owner', 'dueAt', 'status', 'completedAt'].map((field) =>
            label.correctiveAction(field),
          ),
          lines.map((line) => [
            h('span', { 'data-kpi': `${kpi}.${line.actionId}` }, line.actionId),
            line.causeCodes.map((code) => label.cause(code)).join(', '),
            line.orgUnits.join(', '),
            line.owner,
            formatDay(line.dueAt, lang, pack.week.timeZone),
            label.correctiveAction(`status-${line.status}`),
            line.completedAt ? formatDay(line.completedAt, lang, pack.week.timeZone) : '—',
          ]),
        )
      : h('p', { class: 'empty' }, text.noData);
  // The pack opens with what the last meeting decided: the measures due, overdue and verified since.
  const sinceMeeting = since
    ? section('sinceLastMeeting', [
        h(
          'p',
          { class: 'subtitle', 'data-last-meeting': since.lastMeeting?.meetingId ?? '' },
          since.lastMeeting
            ? `${text.lastMeeting}: ${formatDay(since.lastMeeting.heldAt, lang, pack.week.timeZone)} (${since.lastMeeting.week})`
            : text.noMeetingYet,
        ),
        h('h3', {}, label.correctiveAction('dueSinceMeeting')),
        measureTable(since.due, 'sinceLastMeeting.due'),
        h('h3', {}, label.correctiveAction('overdueSinceMeeting')),
        measureTable(since.overdue, 'sinceLastMeeting.overdue'),
        h('h3', {}, label.correctiveAction('verifiedSinceMeeting')),
        since.verified.length
          ? effectsTable(since.verified, 'sinceLastMeeting.verified')
          : h('p', { class: 'empty' }, text.noData),
      ])
    : null;

  const actions = pack.correctiveActions;
  const corrective = actions
    ? section('correctiveActions', [
        h(
          'dl',
          { class: 'stats' },
          ['due', 'overdue', 'completed', 'completedLate'].map((field) =>
            stat(
              label.correctiveAction(field),
              figure(`correctiveActions.${field}`, actions[field], count(actions[field])),
            ),
          ),
        ),
        actions.effects?.length
          ? [
              h('h3', {}, label.correctiveAction('effects')),
              effectsTable(actions.effects, 'correctiveActions.effects'),
            ]
          : null,
      ])
    : null;

  replaceChildren(
    root,
    header,
    controls,
    archiveNotice(data.archive, filters, text, lang),
    sinceMeeting,
    h('div', { class: 'grid' }, volume, abnormal),
    breakdowns,
    h('div', { class: 'grid' }, timeliness, overdue),
    escalation,
    rates,
    satisfaction,
    pareto,
    corrective,
    otherDefinitions(data.definitions, shownFormulas, label, text),
  );
  drawCharts();
};

/**
 * The archived pack of this week, line and unit, when there is one: when it was archived, and whether the
 * live figures still equal it (the data was corrected since), naming the figures that changed.
 */
const archiveNotice = (archive, filters, text, lang) => {
  if (!archive) return null;
  const when = new Date(archive.generatedAt).toLocaleString(lang, { timeZone: archive.timeZone });
  const link = h(
    'a',
    {
      href: urlWith('/reports/archive/pack', {
        week: archive.week,
        businessLine: archive.businessLine,
        orgUnit: filters.orgUnit,
      }),
    },
    text.archiveOpen,
  );
  return h(
    'section',
    {
      class: archive.differs ? 'card archive-notice differs' : 'card archive-notice',
      'data-archive': archive.archiveId,
      'data-differs': String(archive.differs),
      role: archive.differs ? 'alert' : 'status',
    },
    h(
      'p',
      {},
      `${text.archivedAt} ${when} · `,
      archive.differs ? text.archiveDiffers(archive.differenceCount) : text.archiveSame,
      ' · ',
      link,
    ),
    archive.differs
      ? h(
          'ul',
          { class: 'archive-differences' },
          archive.differences.map((path) => h('li', { 'data-difference': path }, path)),
        )
      : null,
  );
};

/** Definitions the API sends for figures this page has no section for yet, so that no formula goes unshown. */
const otherDefinitions = (definitions, shown, label, text) => {
  const rest = (definitions ?? []).filter((definition) => !shown.has(definition.id));
  return rest.length
    ? h(
        'section',
        { class: 'card' },
        rest.map((definition) =>
          h(
            'p',
            { class: 'formula', 'data-formula': definition.id },
            h('span', { class: 'formula-name' }, `${text.formula} · ${label.kpi(definition.id)}: `),
            label.formula(definition.id),
          ),
        ),
      )
    : null;
};

/** Each question's answers stacked, in the order the pack lists them (best first). */
const satisfactionChart = (element, satisfaction, label, lang) => {
  const questions = QUESTIONS.filter((question) => satisfaction.answers[question]);
  const positions = Math.max(0, ...questions.map((question) => satisfaction.answers[question].length));
  return drawChart(
    element,
    {
      grid: { left: 150, right: 20, top: 10, bottom: 30 },
      tooltip: { trigger: 'item', formatter: ({ name, value }) => `${name}: ${formatCount(value, lang)}` },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: questions.map((question) => label.question(question)),
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      series: Array.from({ length: positions }, (_, position) => ({
        type: 'bar',
        stack: 'answers',
        itemStyle: { color: CHART_COLORS[position % CHART_COLORS.length] },
        data: questions.map((question) => {
          const answer = satisfaction.answers[question][position];
          return { value: answer?.count ?? 0, name: answer ? label.answer(question, answer.answer) : '' };
        }),
      })),
    },
    lang,
  );
};

/** Causes by count (bars) with the cumulative share on a second axis (line), as a Pareto chart reads. */
const paretoChart = (element, rows, label, text, lang, drill) =>
  drawChart(
    element,
    {
      grid: { left: 50, right: 60, top: 30, bottom: 90 },
      tooltip: { trigger: 'axis' },
      legend: { data: [text.count, text.cumulativeShare], top: 0 },
      xAxis: {
        type: 'category',
        data: rows.map((row) => `${label.cause(row.causeCode)}\n${row.responsibleUnit}`),
        axisLabel: { interval: 0, rotate: 30, width: 110, overflow: 'truncate' },
      },
      yAxis: [
        { type: 'value', name: text.count, minInterval: 1 },
        {
          type: 'value',
          name: text.cumulativeShare,
          min: 0,
          max: 1,
          axisLabel: { formatter: (value) => formatPercent(value, lang) },
        },
      ],
      series: [
        {
          name: text.count,
          type: 'bar',
          data: rows.map((row) => row.count),
          label: { show: true, position: 'top' },
          cursor: 'pointer',
        },
        {
          name: text.cumulativeShare,
          type: 'line',
          yAxisIndex: 1,
          data: rows.map((row) => row.cumulativeShare),
          label: { show: true, formatter: ({ value }) => formatPercent(value, lang) },
          itemStyle: { color: '#e08a2c' },
          lineStyle: { color: '#e08a2c' },
          // The 80 % line of the Pareto rule: the causes left of where the line crosses it are the vital few.
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0.8 }], label: { show: false } },
        },
      ],
    },
    lang,
    ({ seriesIndex, dataIndex }) => {
      if (seriesIndex === 0) location.assign(drill('rootCausePareto', rows[dataIndex].key));
    },
  );

startPage({
  page: 'weekly-pack',
  title: (text) => text.weeklyPackTitle,
  load: ({ params, config }) => getJson(urlWith('/reports/weekly-pack', filtersOf(params, config))),
  render: renderPage,
});
