// @ts-check
import { errorBox, getJson, urlWith } from './api.js';
import { scopeNote } from './auth.js';
import { h, replaceChildren, table } from './dom.js';
import { formatCount, formatPercent } from './format.js';
import { pick } from './i18n.js';
import { mayOpen, startPage } from './page.js';

/** The page's own words; the shared ones (title, nav, errors) are in ui-text.js. */
const TEXT = {
  'zh-CN': {
    intro:
      '同类过错应受同等处理：按原因与严重程度，比较各责任单位、各决定人（主管）作出的问责处理分布；偏离其余部分的单元格按所述检验标出。',
    period: '期间（月、季、半年、年）',
    businessLine: '业务线',
    all: '全部',
    show: '查看',
    test: '检验',
    testText: (t) =>
      `皮尔逊卡方独立性检验（本单位/本人 对 同层其余，按处理等级）；仅在满足 Cochran 规则时检验（期望频数均 ≥ 1，且 < 5 的不超过 20%）；` +
      `α = ${t.alpha}，Bonferroni 校正：单位阈值 p < ${fmtP(t.thresholds.orgUnit)}（检验 ${t.tests.orgUnit} 个），` +
      `决定人阈值 p < ${fmtP(t.thresholds.decider)}（检验 ${t.tests.decider} 个）。`,
    flags: '标出的单元格',
    noFlags: '没有单元格偏离其余部分。',
    stratum: '原因 / 严重程度',
    byOrgUnit: '按责任单位',
    byDecider: '按决定人',
    key: { orgUnit: '责任单位', decider: '决定人（工号）' },
    decided: '决定数',
    appealed: '申诉',
    upheld: '申诉成立',
    appealRate: '申诉率',
    upheldRate: '成立率',
    pValue: 'p 值',
    flagged: '偏离',
    notTested: '未检验（样本稀疏）',
    appeals: '申诉率与成立率',
    appealFormula: '申诉率 = 申诉数 ÷ 决定数；成立率 = 申诉成立数 ÷ 申诉数',
    list: '明细',
    complaints: '投诉',
    cause: '原因编号',
    levelDecided: '决定的处理',
    inForce: '现行处理',
    appeal: '申诉结果',
    empty: '本期间没有作出问责处理。',
    csv: '下载 CSV',
  },
  en: {
    intro:
      'The same fault should get the same consequence: by cause and severity, the consequences decided by each responsible unit and each deciding supervisor, with the cells whose distribution departs from the rest flagged by the stated test.',
    period: 'Period (month, quarter, half-year, year)',
    businessLine: 'Business line',
    all: 'All',
    show: 'Show',
    test: 'Test',
    testText: (t) =>
      `Pearson chi-square test of independence (this unit or decider against the rest of its stratum, over the ladder levels); ` +
      `tested only where Cochran's rule holds (every expected count ≥ 1, at most 20 % below 5); α = ${t.alpha}, Bonferroni: ` +
      `org units flagged at p < ${fmtP(t.thresholds.orgUnit)} (${t.tests.orgUnit} tested), deciders at p < ${fmtP(t.thresholds.decider)} (${t.tests.decider} tested).`,
    flags: 'Flagged cells',
    noFlags: 'No cell departs from the rest.',
    stratum: 'Cause / severity',
    byOrgUnit: 'By responsible org unit',
    byDecider: 'By decider',
    key: { orgUnit: 'Org unit', decider: 'Decider (job number)' },
    decided: 'Decided',
    appealed: 'Appealed',
    upheld: 'Upheld',
    appealRate: 'Appeal rate',
    upheldRate: 'Upheld rate',
    pValue: 'p-value',
    flagged: 'Departs',
    notTested: 'not tested (sparse)',
    appeals: 'Appeal and upheld rates',
    appealFormula: 'appeal rate = appealed ÷ decided; upheld rate = upheld ÷ appealed',
    list: 'List',
    complaints: 'Complaints',
    cause: 'Cause',
    levelDecided: 'Decided',
    inForce: 'In force',
    appeal: 'Appeal',
    empty: 'No consequence was decided in this period.',
    csv: 'Download CSV',
  },
};

const fmtP = (p) => (p === null || p === undefined ? '—' : p < 0.001 ? p.toExponential(2) : p.toFixed(4));

/** The last complete month in the browser's calendar, as the API names it. */
const lastMonth = () => {
  const now = new Date();
  const month = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, '0')}`;
};

const filtersOf = (params) => ({
  period: params.get('period') || lastMonth(),
  businessLine: params.get('businessLine') ?? '',
});

const controls = (filters, labels, lang, t, text) =>
  h(
    'form',
    { class: 'filters no-print', method: 'get', action: '/dashboard/fairness' },
    h('label', {}, t.period, ' ', h('input', { name: 'period', value: filters.period, required: true })),
    h(
      'label',
      {},
      t.businessLine,
      ' ',
      h(
        'select',
        { name: 'businessLine' },
        h('option', { value: '' }, t.all),
        Object.entries(labels.businessLines).map(([code, label]) =>
          h('option', { value: code, selected: code === filters.businessLine }, pick(label, lang, code)),
        ),
      ),
    ),
    lang === 'zh-CN' ? null : h('input', { type: 'hidden', name: 'lang', value: lang }),
    h('button', { type: 'submit' }, t.show),
    h(
      'a',
      {
        class: 'csv',
        href: urlWith('/reports/fairness.csv', filters),
        download: `fairness-${filters.period}.csv`,
      },
      text.downloadCsv ?? t.csv,
    ),
  );

/** Opens the causes behind a count under the table it was clicked in. */
const openList = async (anchor, filters, query, t, text, lang) => {
  const box = h(
    'div',
    { class: 'drill', 'data-fairness-list': '' },
    h('p', { class: 'loading' }, text.loading),
  );
  anchor.querySelector('[data-fairness-list]')?.remove();
  anchor.append(box);
  try {
    const list = await getJson(
      urlWith('/reports/fairness/drill-down', { ...filters, ...query, pageSize: 200 }),
    );
    replaceChildren(
      box,
      h('h4', {}, `${t.list}: ${formatCount(list.total, lang)}`),
      table(
        [t.complaints, t.cause, t.levelDecided, t.inForce, t.appeal],
        list.items.map((item) => [
          h(
            'a',
            {
              href: urlWith(`/dashboard/complaints/${encodeURIComponent(item.complaintId)}`, {
                lang: lang === 'zh-CN' ? '' : lang,
              }),
            },
            item.complaintId,
          ),
          item.causeId,
          item.level,
          item.consequence ?? '—',
          item.appealOutcome ?? '—',
        ]),
      ),
    );
  } catch (error) {
    replaceChildren(box, errorBox(error, text));
  }
};

const cellTable = (stratum, dimension, data, filters, view) => {
  const { t, lang, ladderLabel, me, text } = view;
  const cells = dimension === 'orgUnit' ? stratum.byOrgUnit : stratum.byDecider;
  const holder = h('div', {});
  const count = (n, query) =>
    n > 0 && mayOpen(me, 'drill-down:read')
      ? h(
          'a',
          {
            href: '#',
            'data-drill': `${dimension}:${query.key}:${query.level ?? ''}`,
            onclick: (event) => {
              event.preventDefault();
              openList(holder, filters, query, t, text, lang);
            },
          },
          formatCount(n, lang),
        )
      : formatCount(n, lang);
  holder.append(
    table(
      [
        t.key[dimension],
        t.decided,
        ...data.report.levels.map(ladderLabel),
        t.appealed,
        t.upheld,
        t.pValue,
        t.flagged,
      ],
      cells.map((cell) => {
        const base = { causeCode: stratum.causeCode, severity: stratum.severity, dimension, key: cell.key };
        return [
          cell.key,
          count(cell.decided, base),
          ...data.report.levels.map((level) => count(cell.levels[level] ?? 0, { ...base, level })),
          formatCount(cell.appealed, lang),
          formatCount(cell.upheld, lang),
          cell.test.tested ? fmtP(cell.test.pValue) : t.notTested,
          cell.test.flagged
            ? h('strong', { class: 'flag', 'data-flagged': `${dimension}:${cell.key}` }, '⚑')
            : '',
        ];
      }),
      {
        class: 'fairness',
        'data-stratum': `${stratum.causeCode}/${stratum.severity}`,
        'data-dimension': dimension,
      },
    ),
  );
  return holder;
};

/** @type {import('./page.js').Render} */
const renderPage = ({ root, params, lang, text, label, labels, me, data, error }) => {
  const t = TEXT[lang] ?? TEXT['zh-CN'];
  const filters = filtersOf(params);
  const head = [
    h('h1', {}, text.fairnessTitle),
    h('p', { class: 'intro' }, t.intro),
    controls(filters, labels, lang, t, text),
  ];
  if (error) return replaceChildren(root, ...head, errorBox(error, text));
  const ladder = new Map(data.ladder.map((rung) => [rung.code, rung.labels]));
  const ladderLabel = (code) => pick(ladder.get(code), lang, code);
  const view = { t, lang, ladderLabel, me, text };
  const { report } = data;
  const stratumName = (s) => `${label.cause(s.causeCode)} / ${label.severity(s.severity)}`;
  replaceChildren(
    root,
    ...head,
    h('p', { class: 'filters-note' }, scopeNote(report.filters.scope, text)),
    h(
      'section',
      { class: 'test', 'data-test': report.test.name },
      h('h2', {}, t.test),
      h('p', {}, t.testText(report.test)),
    ),
    h(
      'section',
      { 'data-flags': String(report.flags.length) },
      h('h2', {}, t.flags),
      report.flags.length === 0
        ? h('p', {}, t.noFlags)
        : table(
            [t.stratum, '', t.pValue, 'α / m'],
            report.flags.map((flag) => [
              stratumName(flag),
              `${t.key[flag.dimension]}: ${flag.key}`,
              fmtP(flag.pValue),
              fmtP(flag.threshold),
            ]),
            { class: 'flags' },
          ),
    ),
    report.strata.length === 0 ? h('p', {}, t.empty) : null,
    report.strata.map((stratum) =>
      h(
        'section',
        { class: 'stratum' },
        h('h3', {}, `${stratumName(stratum)} — ${t.decided} ${formatCount(stratum.decided, lang)}`),
        h('h4', {}, t.byOrgUnit),
        cellTable(stratum, 'orgUnit', data, filters, view),
        h('h4', {}, t.byDecider),
        cellTable(stratum, 'decider', data, filters, view),
      ),
    ),
    h(
      'section',
      { class: 'appeals' },
      h('h2', {}, t.appeals),
      h('p', { class: 'formula' }, t.appealFormula),
      ['orgUnit', 'decider'].map((dimension) =>
        table(
          [t.key[dimension], t.decided, t.appealed, t.upheld, t.appealRate, t.upheldRate],
          report.appeals[dimension].map((row) => [
            row.key,
            formatCount(row.decided, lang),
            formatCount(row.appealed, lang),
            formatCount(row.upheld, lang),
            formatPercent(row.appealRate, lang),
            formatPercent(row.upheldRate, lang),
          ]),
          { 'data-appeals': dimension },
        ),
      ),
    ),
  );
};

startPage({
  page: 'fairness',
  title: (text) => text.fairnessTitle,
  load: ({ params }) => getJson(urlWith('/reports/fairness', filtersOf(params))),
  render: renderPage,
});
