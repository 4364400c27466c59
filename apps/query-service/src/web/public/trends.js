// @ts-check
import { errorBox, getJson, urlWith } from './api.js';
import { scopeNote } from './auth.js';
import { drawChart } from './charts.js';
import { h, replaceChildren, table } from './dom.js';
import {
  formatCount,
  formatDay,
  formatDecimal,
  formatProbability,
  formatSignedCount,
  formatSignedPercent,
} from './format.js';
import { pick } from './i18n.js';
import { reportControls, scopeFields, startPage } from './page.js';

const GRANULARITIES = ['day', 'week', 'month'];

/** The trends request from the address; a page opened bare shows the last 12 weeks by cause. */
const requestOf = (params, config) => ({
  dimension: params.get('dimension') || 'causeCode',
  granularity: params.get('granularity') || 'week',
  from: params.get('from') || config.defaultTrends.from,
  to: params.get('to') || config.defaultTrends.to,
  businessLine: params.get('businessLine') ?? '',
  orgUnit: params.get('orgUnit') ?? '',
});

const seriesLabel = (dimension, key, label) => {
  if (dimension === 'causeCode') return label.cause(key);
  if (dimension === 'causeFamily') return label.family(key);
  if (dimension === 'category') return label.breakdownKey('category', key);
  return key;
};

/** The buckets a spike week overlaps: one at week granularity, seven days, or the month(s) holding it. */
const bucketsOf = (spike, buckets) =>
  buckets.filter(
    (bucket) =>
      Date.parse(bucket.start) < Date.parse(spike.end) && Date.parse(bucket.end) > Date.parse(spike.start),
  );

/** At most this many bucket labels on the x axis; the others are left out so that none overlap. */
const MAX_AXIS_LABELS = 14;

/** Text for ECharts' HTML tooltip: series names are org units and codes typed by people. */
const encode = (value) => globalThis.echarts.format.encodeHTML(String(value));

/**
 * One line per series; each spike week is shaded (markArea) and its peak pinned (markPoint). The x axis is
 * the bucket index, so that a spike covering one bucket still shades the whole bucket (index ± 0.5).
 */
const trendChart = (element, data, label, text, lang) => {
  const ids = data.buckets.map((bucket) => bucket.id);
  const index = new Map(ids.map((id, position) => [id, position]));
  const step = Math.max(1, Math.ceil(ids.length / MAX_AXIS_LABELS));
  const labelled = ids.map((_, position) => position).filter((position) => position % step === 0);
  return drawChart(
    element,
    {
      grid: { left: 50, right: 30, top: 50, bottom: 60 },
      tooltip: {
        trigger: 'axis',
        formatter: (items) => {
          const list = Array.isArray(items) ? items : [items];
          const bucket = ids[list[0]?.value?.[0]] ?? '';
          return [
            encode(bucket),
            ...list.map(
              (item) => `${item.marker}${encode(item.seriesName)}: ${formatCount(item.value[1], lang)}`,
            ),
          ].join('<br>');
        },
      },
      legend: { type: 'scroll', top: 0 },
      xAxis: {
        type: 'value',
        min: -0.5,
        max: ids.length - 0.5,
        splitLine: { show: false },
        axisLine: { onZero: false },
        axisTick: { customValues: labelled },
        axisLabel: {
          customValues: labelled,
          formatter: (value) => ids[value] ?? '',
          rotate: labelled.length > 8 ? 45 : 0,
        },
      },
      yAxis: { type: 'value', minInterval: 1, name: text.count, axisLine: { onZero: false } },
      series: data.series.map((series) => {
        const counts = new Map(series.points.map((point) => [point.bucket, point.count]));
        const covered = (series.spikes ?? [])
          .map((spike) => ({ spike, buckets: bucketsOf(spike, data.buckets) }))
          .filter(({ buckets }) => buckets.length);
        return {
          name: seriesLabel(data.dimension, series.key, label),
          type: 'line',
          data: ids.map((id, position) => [position, counts.get(id) ?? 0]),
          symbolSize: 5,
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(192, 57, 43, 0.12)' },
            data: covered.map(({ buckets }) => [
              { xAxis: index.get(buckets[0].id) - 0.5 },
              { xAxis: index.get(buckets[buckets.length - 1].id) + 0.5 },
            ]),
          },
          markPoint: {
            symbol: 'pin',
            symbolSize: 40,
            itemStyle: { color: '#c0392b' },
            data: covered.map(({ spike, buckets }) => {
              const peak = buckets.reduce((best, bucket) =>
                (counts.get(bucket.id) ?? 0) > (counts.get(best.id) ?? 0) ? bucket : best,
              );
              return {
                name: `${text.spike} ${spike.week}`,
                coord: [index.get(peak.id), counts.get(peak.id) ?? 0],
                value: spike.count,
              };
            }),
          },
        };
      }),
    },
    lang,
  );
};

/** The API's definitions, if it sends them: `[{ id?, label, formula }]` with zh-CN/en texts (or plain text). */
const definitionsList = (definitions, lang, text) => {
  const list = Array.isArray(definitions) ? definitions : definitions ? Object.values(definitions) : [];
  const words = (value) => (typeof value === 'string' ? value : pick(value, lang, ''));
  return list.length
    ? list.map((definition) =>
        h(
          'p',
          { class: 'formula', 'data-formula': definition.id ?? '' },
          h('span', { class: 'formula-name' }, `${text.formula} · ${words(definition.label)}: `),
          words(definition.formula),
        ),
      )
    : null;
};

/** @type {import('./page.js').Render} */
const renderPage = (context) => {
  const { root, params, lang, text, label, labels, config, data: response, error } = context;
  // GET /reports/trends answers `{ trends, definitions }`.
  const data = response?.trends ?? response;
  const definitions = response?.definitions ?? data?.definitions;
  const definitionLabel = (id, fallback) => {
    const found = Array.isArray(definitions) ? definitions.find((each) => each.id === id) : undefined;
    return found ? pick(found.label, lang, fallback) : fallback;
  };
  const request = requestOf(params, config);
  const option = (value, shown, selected) => h('option', { value, selected: value === selected }, shown);
  const granularityWord = {
    day: text.granularityDay,
    week: text.granularityWeek,
    month: text.granularityMonth,
  };
  const controls = reportControls(context, {
    action: '/dashboard/trends',
    fields: [
      h(
        'label',
        {},
        text.dimension,
        h(
          'select',
          { name: 'dimension' },
          Object.keys(labels.trendDimensions).map((dimension) =>
            option(dimension, label.trendDimension(dimension), request.dimension),
          ),
        ),
      ),
      h(
        'label',
        {},
        text.granularity,
        h(
          'select',
          { name: 'granularity' },
          GRANULARITIES.map((granularity) =>
            option(granularity, granularityWord[granularity], request.granularity),
          ),
        ),
      ),
      h(
        'label',
        {},
        text.from,
        h('input', { type: 'date', name: 'from', value: request.from, required: true }),
      ),
      h('label', {}, text.to, h('input', { type: 'date', name: 'to', value: request.to, required: true })),
      scopeFields(context, request),
    ],
    csv: { href: urlWith('/reports/trends.csv', request), download: 'trends.csv' },
  });
  const header = h(
    'header',
    { class: 'page-header' },
    h('h1', {}, text.trendsTitle),
    h(
      'p',
      { class: 'subtitle' },
      `${label.trendDimension(data?.dimension ?? request.dimension)} · ${granularityWord[data?.granularity ?? request.granularity] ?? request.granularity}`,
      ` · ${formatDay(data?.from ?? request.from, lang, data?.timeZone ?? config.timeZone)} – `,
      formatDay(data?.to ?? request.to, lang, data?.timeZone ?? config.timeZone),
      ` · ${text.businessLine}: `,
      request.businessLine ? label.businessLine(request.businessLine) : text.all,
      ` · ${text.orgUnit}: ${request.orgUnit || text.all}`,
      scopeNote(data?.filters.scope, text),
    ),
  );
  if (!data) {
    replaceChildren(root, header, controls, error ? errorBox(error, text) : null);
    return;
  }

  const chart = h('div', { class: 'chart', 'data-chart': 'trends' });
  const name = (key) => seriesLabel(data.dimension, key, label);
  const familyOf = (series) => (series.family ? label.family(series.family) : '');
  replaceChildren(
    root,
    header,
    controls,
    data.truncated ? h('p', { class: 'note', 'data-truncated': 'true' }, text.truncated) : null,
    h(
      'section',
      { class: 'card' },
      h('h2', {}, definitionLabel('series', text.series)),
      data.series.length ? chart : h('p', { class: 'empty' }, text.noData),
      data.series.length
        ? table(
            [
              text.series,
              data.dimension === 'causeCode' ? text.causeFamily : null,
              text.total,
              text.spikes,
            ].filter((cell) => cell !== null),
            data.series.map((series) =>
              [
                h('span', { 'data-label': `trends.series.${series.key}` }, name(series.key)),
                data.dimension === 'causeCode' ? familyOf(series) : null,
                h(
                  'span',
                  {
                    class: 'figure',
                    'data-kpi': `trends.series.${series.key}.total`,
                    'data-value': series.total,
                  },
                  formatCount(series.total, lang),
                ),
                (series.spikes ?? []).length
                  ? h(
                      'ul',
                      {},
                      series.spikes.map((spike) =>
                        h(
                          'li',
                          { 'data-spike': spike.week },
                          `${spike.week}: ${formatCount(spike.count, lang)} (${text.baseline} ${formatDecimal(spike.baseline, lang)}, ${text.probability} ${formatProbability(spike.probability, lang)})`,
                        ),
                      ),
                    )
                  : '—',
              ].filter((cell) => cell !== null),
            ),
          )
        : null,
      definitionsList(definitions, lang, text),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, definitionLabel('topMovers', text.topMovers)),
      data.previousPeriod
        ? h(
            'p',
            { class: 'note' },
            `${text.previousPeriod}: ${formatDay(data.previousPeriod.from, lang, data.timeZone)} – ${formatDay(data.previousPeriod.to, lang, data.timeZone)}`,
          )
        : null,
      data.topMovers.length
        ? table(
            [text.series, text.current, text.previous, text.difference, text.relative],
            data.topMovers.map((mover) => [
              h('span', { 'data-label': `trends.topMovers.${mover.key}` }, name(mover.key)),
              formatCount(mover.current, lang),
              formatCount(mover.previous, lang),
              formatSignedCount(mover.difference, lang),
              formatSignedPercent(mover.relative, lang),
            ]),
            { 'data-list': 'topMovers' },
          )
        : h('p', { class: 'empty' }, text.noData),
    ),
  );
  if (data.series.length) trendChart(chart, data, label, text, lang);
};

startPage({
  page: 'trends',
  title: (text) => text.trendsTitle,
  load: ({ params, config }) => getJson(urlWith('/reports/trends', requestOf(params, config))),
  render: renderPage,
});
