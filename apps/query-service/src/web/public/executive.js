// @ts-check
import { errorBox, getJson, urlWith } from './api.js';
import { scopeNote } from './auth.js';
import { barChart, drawChart } from './charts.js';
import { h, replaceChildren, table } from './dom.js';
import { chartBoxes, figure, stat } from './figures.js';
import {
  formatCount,
  formatDay,
  formatPercent,
  formatSignedCount,
  formatSignedPercent,
  formatSignedPoints,
} from './format.js';
import { pick } from './i18n.js';
import { mayOpen, reportControls, scopeFields, startPage } from './page.js';

/** The report's parameters from the address; a page opened bare shows the last complete month. */
const filtersOf = (params, config) => ({
  period: params.get('period') || config.defaultPeriod,
  businessLine: params.get('businessLine') ?? '',
  orgUnit: params.get('orgUnit') ?? '',
});

/**
 * @typedef {'month' | 'quarter' | 'half' | 'year'} PeriodKind
 * @typedef {{ kind: PeriodKind, year: number, part: number }} Period
 */

/**
 * How many periods of each kind a year holds; a year is its own single part.
 *
 * @type {Record<PeriodKind, number>}
 */
const PARTS = { month: 12, quarter: 4, half: 2, year: 1 };
const PERIOD_KINDS = /** @type {PeriodKind[]} */ (Object.keys(PARTS));

/**
 * A period id as kind, year and part (`2026-Q1` → quarter, 2026, 1); null for text naming no period.
 *
 * @param {string | null | undefined} id
 * @returns {Period | null}
 */
const parsePeriod = (id) => {
  const match = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$/.exec(id ?? '');
  if (!match) return null;
  const [, year, month, quarter, half] = match;
  if (month)
    return Number(month) >= 1 && Number(month) <= 12
      ? { kind: 'month', year: Number(year), part: Number(month) }
      : null;
  if (quarter) return { kind: 'quarter', year: Number(year), part: Number(quarter) };
  if (half) return { kind: 'half', year: Number(year), part: Number(half) };
  return { kind: 'year', year: Number(year), part: 1 };
};

/**
 * The API's period id (`2026-03`, `2026-Q1`, `2026-H1`, `2026`) of a kind, year and part.
 *
 * @param {Period} period
 */
const periodIdOf = ({ kind, year, part }) => {
  if (kind === 'month') return `${year}-${String(part).padStart(2, '0')}`;
  if (kind === 'quarter') return `${year}-Q${part}`;
  if (kind === 'half') return `${year}-H${part}`;
  return String(year);
};

/**
 * The drill-down lists behind each headline KPI: a count's own list, a rate's numerator and denominator,
 * the lists the weekly pack opens for the same figures. A KPI missing here is shown without links.
 */
const KPI_LISTS = {
  volume: { count: { metric: 'volume' } },
  abnormal: { count: { metric: 'abnormal' } },
  timeliness: {
    numerator: { metric: 'timeliness.onTime' },
    denominator: { metric: 'timeliness.replies' },
  },
  interimReplies: { count: { metric: 'interimReplies' } },
  overdueOpen: { count: { metric: 'overdueOpen' } },
  escalation: { numerator: { metric: 'escalation' }, denominator: { metric: 'volume' } },
  firstContactResolution: {
    numerator: { metric: 'firstContactResolution' },
    denominator: { metric: 'closed' },
  },
  reopen: { numerator: { metric: 'reopen' }, denominator: { metric: 'closed' } },
  repeatCustomer: { numerator: { metric: 'repeatCustomer' }, denominator: { metric: 'volume' } },
  followUps: { count: { metric: 'followUps' } },
  followUpRate: { numerator: { metric: 'followUps' }, denominator: { metric: 'closed' } },
  satisfied: {
    numerator: { metric: 'satisfaction', key: 'result:satisfied' },
    denominator: { metric: 'followUps' },
  },
};

const COMPARED = ['current', 'previousPeriod', 'yearAgo'];
const CHANGES = ['changeVsPreviousPeriod', 'changeVsYearAgo'];
const ACTION_STATUSES = ['proposed', 'started', 'completed', 'verified'];
const DASH = '—';

/**
 * The period as three fields (kind, year, which one) writing one hidden `period` field, so that the form
 * submits the API's own parameter and a reload or a shared link reads it back.
 */
const periodPicker = (period, fallback, text, lang) => {
  // The fallback is the settings' default period, always one the API names.
  let state = /** @type {Period} */ (parsePeriod(period) ?? parsePeriod(fallback));
  /** The value of the field an event came from. */
  const fieldValue = (/** @type {Event} */ event) =>
    /** @type {HTMLInputElement | HTMLSelectElement} */ (event.target).value;
  const hidden = h('input', { type: 'hidden', name: 'period', value: periodIdOf(state) });
  const monthName = new Intl.DateTimeFormat(lang, { month: 'long', timeZone: 'UTC' });
  const partName = {
    month: (part) => monthName.format(Date.UTC(2000, part - 1, 1)),
    quarter: (part) => text.quarterOf(part),
    half: (part) => text.halfOf(part),
    year: () => '',
  };
  const partSelect = h('select', {
    'data-period': 'part',
    onchange: (event) => update({ part: Number(fieldValue(event)) }),
  });
  const partLabel = h('label', {}, text.part, partSelect);
  const fillParts = () => {
    replaceChildren(
      partSelect,
      Array.from({ length: PARTS[state.kind] }, (_, index) =>
        h(
          'option',
          { value: index + 1, selected: index + 1 === state.part },
          partName[state.kind](index + 1),
        ),
      ),
    );
    partLabel.hidden = state.kind === 'year';
  };
  const update = (/** @type {Partial<Period>} */ change) => {
    state = { ...state, ...change };
    state.part = Math.min(state.part, PARTS[state.kind]);
    hidden.value = periodIdOf(state);
    fillParts();
  };
  fillParts();
  const kindName = {
    month: text.periodKindMonth,
    quarter: text.periodKindQuarter,
    half: text.periodKindHalf,
    year: text.periodKindYear,
  };
  return [
    h(
      'label',
      {},
      text.periodKind,
      h(
        'select',
        {
          'data-period': 'kind',
          onchange: (event) => update({ kind: /** @type {PeriodKind} */ (fieldValue(event)), part: 1 }),
        },
        PERIOD_KINDS.map((kind) =>
          h('option', { value: kind, selected: kind === state.kind }, kindName[kind]),
        ),
      ),
    ),
    h(
      'label',
      {},
      text.year,
      h('input', {
        type: 'number',
        'data-period': 'year',
        value: state.year,
        min: 1970,
        max: 9999,
        required: true,
        oninput: (event) => {
          if (/^\d{4}$/.test(fieldValue(event))) update({ year: Number(fieldValue(event)) });
        },
      }),
    ),
    partLabel,
    hidden,
  ];
};

/** @type {import('./page.js').Render} */
const renderPage = (context) => {
  const { root, params, lang, pageLang, text, label, labels, config, me, data, error } = context;
  const filters = filtersOf(params, config);
  const count = (value) => formatCount(value, lang);
  // An executive reads the figures but not the complaint lists behind them: no link that would be refused.
  const mayDrill = mayOpen(me, 'drill-down:read');
  /** The drill-down of a list over one report period, in the page's filters. */
  const drill = (list, period) =>
    list && mayDrill
      ? urlWith('/dashboard/drill-down', {
          metric: list.metric,
          period,
          key: list.key,
          businessLine: filters.businessLine,
          orgUnit: filters.orgUnit,
          lang: pageLang,
        })
      : undefined;
  const countFigure = (kpi, value, list, period) => figure(kpi, value, count(value), drill(list, period));
  const { chartBox, drawCharts } = chartBoxes();

  const definitions = data?.definitions ?? [];
  const definitionOf = (id) => definitions.find((definition) => definition.id === id);
  const definitionName = (id) => pick(definitionOf(id)?.label, lang, id);
  const shownFormulas = new Set();
  /** A definition's formula under the figures it explains, named by `name` (the definition's own by default). */
  const formula = (id, name = definitionName(id), props = {}) => {
    const definition = definitionOf(id);
    if (!definition) return null;
    shownFormulas.add(id);
    return h(
      'p',
      { class: 'formula', 'data-formula': id, ...props },
      h('span', { class: 'formula-name' }, `${text.formula} · ${name}: `),
      pick(definition.formula, lang, ''),
    );
  };
  const section = (id, content) =>
    h(
      'section',
      { class: 'card', 'data-section': id },
      h('h2', { 'data-label': `definition.${id}` }, definitionName(id)),
      content,
      formula(id),
    );

  const report = data?.report;
  const businessLine = report ? report.filters.businessLine : filters.businessLine;
  const orgUnit = report ? report.filters.orgUnit : filters.orgUnit;
  const header = h(
    'header',
    { class: 'page-header' },
    h('h1', {}, text.executiveTitle),
    h(
      'p',
      { class: 'subtitle' },
      h(
        'span',
        { 'data-kpi': 'period.id', 'data-value': report?.period.id ?? filters.period },
        `${text.period} ${report?.period.id ?? filters.period}`,
      ),
      report
        ? [
            ` · ${formatDay(report.period.start, lang, report.period.timeZone)} – `,
            formatDay(
              new Date(Date.parse(report.period.end) - 1).toISOString(),
              lang,
              report.period.timeZone,
            ),
            ` (${report.period.timeZone}) · ${text.previous}: ${report.previousPeriod.id}`,
            ` · ${text.yearAgo}: ${report.yearAgo.id}`,
          ]
        : null,
      ` · ${text.businessLine}: `,
      h(
        'span',
        { 'data-label': 'filters.businessLine' },
        businessLine ? label.businessLine(businessLine) : text.all,
      ),
      ` · ${text.orgUnit}: `,
      orgUnit || text.all,
      scopeNote(report?.filters.scope, text),
    ),
  );

  const controls = reportControls(context, {
    action: '/dashboard/executive',
    fields: [periodPicker(filters.period, config.defaultPeriod, text, lang), scopeFields(context, filters)],
    csv: { href: urlWith('/reports/executive.csv', filters), download: `executive-${filters.period}.csv` },
  });

  if (!report) {
    replaceChildren(root, header, controls, error ? errorBox(error, text) : null);
    return;
  }
  const periodOf = {
    current: report.period.id,
    previousPeriod: report.previousPeriod.id,
    yearAgo: report.yearAgo.id,
  };
  const columnName = {
    current: `${text.current} ${report.period.id}`,
    previousPeriod: `${text.previous} ${report.previousPeriod.id}`,
    yearAgo: `${text.yearAgo} ${report.yearAgo.id}`,
  };

  const known = labels.executiveKpis?.map(({ id }) => id) ?? [];
  const kpiIds = [
    ...known.filter((id) => report.kpis[id]),
    ...Object.keys(report.kpis).filter((id) => !known.includes(id)),
  ];
  /** A rate as the page shows it: the rate, then its numerator and denominator as links to their lists. */
  const rateCell = (kpi, value, lists, period) => [
    figure(`${kpi}.rate`, value.rate, formatPercent(value.rate, lang)),
    h(
      'span',
      { class: 'parts' },
      ' (',
      countFigure(`${kpi}.numerator`, value.numerator, lists.numerator, period),
      ' / ',
      countFigure(`${kpi}.denominator`, value.denominator, lists.denominator, period),
      ')',
    ),
  ];
  /** A count's change as a difference and a relative change; a rate's as rate points. */
  const changeCell = (kpi, trend, change) =>
    trend.unit === 'rate'
      ? figure(
          `${kpi}.difference`,
          trend[change].difference,
          trend[change].difference === null
            ? DASH
            : text.points(formatSignedPoints(trend[change].difference, lang)),
        )
      : [
          figure(
            `${kpi}.difference`,
            trend[change].difference,
            formatSignedCount(trend[change].difference, lang),
          ),
          ' (',
          figure(
            `${kpi}.relative`,
            trend[change].relative,
            formatSignedPercent(trend[change].relative, lang),
          ),
          ')',
        ];
  const headline = h(
    'section',
    { class: 'card', 'data-section': 'kpis' },
    h('h2', { 'data-label': 'definition.executive' }, definitionName('executive')),
    table(
      [
        text.kpi,
        ...COMPARED.map((which) => columnName[which]),
        text.changeVsPreviousPeriod,
        text.changeVsYearAgo,
      ],
      kpiIds.map((id) => {
        const trend = report.kpis[id];
        const lists = KPI_LISTS[id] ?? {};
        const kpi = `kpis.${id}`;
        return [
          h('span', { 'data-label': `kpis.${id}` }, label.executiveKpi(id)),
          ...COMPARED.map((which) =>
            trend.unit === 'rate'
              ? rateCell(`${kpi}.${which}`, trend[which], lists, periodOf[which])
              : countFigure(`${kpi}.${which}`, trend[which], lists.count, periodOf[which]),
          ),
          ...CHANGES.map((change) => changeCell(`${kpi}.${change}`, trend, change)),
        ];
      }),
      { class: 'kpis', 'data-list': 'kpis' },
    ),
    formula('executive'),
    kpiIds.map((id) =>
      formula(label.executiveKpiDefinition(id), label.executiveKpi(id), { 'data-kpi-formula': id }),
    ),
  );

  const series = report.volumeSeries;
  // Weeks are clipped to the month, so only a month part is a period the drill-down can list exactly.
  const partList = series.unit === 'month' ? { metric: 'volume' } : undefined;
  const partFigure = (which, point) =>
    point ? countFigure(`volumeSeries.${which}.${point.id}`, point.count, partList, point.id) : '';
  const volume = section('executive.volumeSeries', [
    chartBox('volumeSeries', (element) =>
      volumeChart(element, series, columnName, text, lang, (id) => drill(partList, id)),
    ),
    table(
      [text.subPeriod, columnName.current, text.subPeriod, columnName.yearAgo],
      Array.from({ length: Math.max(series.current.length, series.yearAgo.length) }, (_, index) => [
        series.current[index]?.id ?? '',
        partFigure('current', series.current[index]),
        series.yearAgo[index]?.id ?? '',
        partFigure('yearAgo', series.yearAgo[index]),
      ]),
      { 'data-list': 'volumeSeries' },
    ),
  ]);

  const causeRows = report.topCauses.map((cause) => {
    const key = `${cause.family}/${cause.causeCode}/${cause.responsibleUnit}`;
    return { ...cause, key, list: { metric: 'rootCausePareto', key } };
  });
  const causes = section(
    'executive.topCauses',
    causeRows.length
      ? [
          chartBox('topCauses', (element) =>
            barChart(
              element,
              causeRows.map((row) => ({
                label: `${label.cause(row.causeCode)} / ${row.responsibleUnit}`,
                count: row.count,
                href: drill(row.list, report.period.id),
              })),
              lang,
              { horizontal: true },
            ),
          ),
          table(
            [
              text.causeFamily,
              text.cause,
              text.responsibleUnit,
              columnName.current,
              text.share,
              columnName.previousPeriod,
              columnName.yearAgo,
              text.changeVsPreviousPeriod,
              text.changeVsYearAgo,
            ],
            causeRows.map((row) => {
              const kpi = `topCauses.${row.key}`;
              return [
                h('span', { 'data-label': `topCauses.${row.key}.family` }, label.family(row.family)),
                h('span', { 'data-label': `topCauses.${row.key}.cause` }, label.cause(row.causeCode)),
                row.responsibleUnit,
                countFigure(`${kpi}.count`, row.count, row.list, periodOf.current),
                figure(`${kpi}.share`, row.share, formatPercent(row.share, lang)),
                countFigure(`${kpi}.previousPeriod`, row.previousPeriod, row.list, periodOf.previousPeriod),
                countFigure(`${kpi}.yearAgo`, row.yearAgo, row.list, periodOf.yearAgo),
                ...CHANGES.map((change) => [
                  figure(
                    `${kpi}.${change}.difference`,
                    row[change].difference,
                    formatSignedCount(row[change].difference, lang),
                  ),
                  ` (${formatSignedPercent(row[change].relative, lang)})`,
                ]),
              ];
            }),
            { 'data-list': 'topCauses' },
          ),
        ]
      : h('p', { class: 'empty' }, text.noData),
  );

  const actions = report.correctiveActions;
  const actionFigure = (kpi, value, field) =>
    stat(label.executiveCorrectiveAction(field), figure(`correctiveActions.${kpi}`, value, count(value)));
  const corrective = section('executive.correctiveActions', [
    h(
      'div',
      { class: 'split' },
      h(
        'div',
        {},
        h('h3', {}, label.executiveCorrectiveAction('byStatus')),
        h(
          'dl',
          { class: 'stats' },
          ACTION_STATUSES.map((status) =>
            actionFigure(`byStatus.${status}`, actions.byStatus[status], status),
          ),
        ),
        h(
          'dl',
          { class: 'stats' },
          actionFigure('overdue', actions.overdue, 'overdue'),
          actionFigure('completedInPeriod.total', actions.completedInPeriod.total, 'completedInPeriod'),
          actionFigure('completedInPeriod.late', actions.completedInPeriod.late, 'completedLate'),
          actionFigure('verifiedInPeriod.effective', actions.verifiedInPeriod.effective, 'verifiedEffective'),
          actionFigure(
            'verifiedInPeriod.notEffective',
            actions.verifiedInPeriod.notEffective,
            'verifiedNotEffective',
          ),
        ),
      ),
      chartBox('correctiveActions.byStatus', (element) =>
        barChart(
          element,
          ACTION_STATUSES.map((status) => ({
            label: label.executiveCorrectiveAction(status),
            count: actions.byStatus[status],
          })),
          lang,
        ),
      ),
    ),
  ]);

  replaceChildren(
    root,
    header,
    controls,
    headline,
    volume,
    causes,
    corrective,
    otherDefinitions(definitions, shownFormulas, lang, text),
  );
  drawCharts();
};

/** Definitions the API sends for figures this page has no place for yet, so that no formula goes unshown. */
const otherDefinitions = (definitions, shown, lang, text) => {
  const rest = definitions.filter((definition) => !shown.has(definition.id));
  return rest.length
    ? h(
        'section',
        { class: 'card', 'data-section': 'definitions' },
        h('h2', {}, text.definitions),
        rest.map((definition) =>
          h(
            'p',
            { class: 'formula', 'data-formula': definition.id },
            h(
              'span',
              { class: 'formula-name' },
              `${text.formula} · ${pick(definition.label, lang, definition.id)}: `,
            ),
            pick(definition.formula, lang, ''),
          ),
        ),
      )
    : null;
};

/** Text for ECharts' HTML tooltip. */
const encode = (value) => globalThis.echarts.format.encodeHTML(String(value));

/**
 * The period's sub-periods beside the same ones a year earlier, bar by bar; clicking a bar opens its
 * complaints where the sub-period is one the drill-down lists exactly.
 */
const volumeChart = (element, series, columnName, text, lang, linkOf) => {
  const length = Math.max(series.current.length, series.yearAgo.length);
  const at = (points, index) => points[index] ?? { id: '', count: 0 };
  return drawChart(
    element,
    {
      grid: { left: 50, right: 20, top: 40, bottom: 40 },
      legend: { data: [columnName.current, columnName.yearAgo], top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (items) =>
          (Array.isArray(items) ? items : [items])
            .map((item) => {
              const point = at(item.seriesIndex === 0 ? series.current : series.yearAgo, item.dataIndex);
              return `${item.marker}${encode(point.id)}: ${formatCount(point.count, lang)}`;
            })
            .join('<br>'),
      },
      xAxis: {
        type: 'category',
        data: Array.from({ length }, (_, index) => at(series.current, index).id),
        axisLabel: { interval: 0, rotate: length > 8 ? 30 : 0 },
      },
      yAxis: { type: 'value', minInterval: 1, name: text.count },
      series: [
        {
          name: columnName.current,
          type: 'bar',
          data: series.current.map((point) => point.count),
          label: { show: true, position: 'top' },
          itemStyle: { color: '#2f6fb0' },
          cursor: 'pointer',
        },
        {
          name: columnName.yearAgo,
          type: 'bar',
          data: series.yearAgo.map((point) => point.count),
          label: { show: true, position: 'top' },
          itemStyle: { color: '#9aa9bb' },
          cursor: 'pointer',
        },
      ],
    },
    lang,
    ({ seriesIndex, dataIndex }) => {
      const point = (seriesIndex === 0 ? series.current : series.yearAgo)[dataIndex];
      const href = point && linkOf(point.id);
      if (href) location.assign(href);
    },
  );
};

startPage({
  page: 'executive',
  title: (text) => text.executiveTitle,
  load: ({ params, config }) => getJson(urlWith('/reports/executive', filtersOf(params, config))),
  render: renderPage,
});
