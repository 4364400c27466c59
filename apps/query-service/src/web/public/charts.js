// @ts-check
/**
 * ECharts instances of the page (the library is loaded by a classic script tag as `echarts`). They are
 * disposed before every re-render and resized for print, so a chart fits the A4 page.
 */
/** @type {Set<any>} */
const charts = new Set();

/** A4 portrait less the print margins, in CSS pixels. */
const PRINT_WIDTH = 680;

/**
 * Draws a chart in `element`; `onClick` gets the clicked data item's `{ dataIndex, seriesIndex, data }`.
 *
 * @param {HTMLElement} element
 * @param {Record<string, unknown>} option ECharts' option
 * @param {string} lang
 * @param {(item: { dataIndex: number, seriesIndex: number, data: unknown }) => void} [onClick]
 */
export const drawChart = (element, option, lang, onClick) => {
  const chart = globalThis.echarts.init(element, null, {
    renderer: 'canvas',
    locale: lang === 'en' ? 'EN' : 'ZH',
  });
  chart.setOption({ animation: false, ...option });
  if (onClick) chart.on('click', onClick);
  charts.add(chart);
  return chart;
};

export const disposeCharts = () => {
  for (const chart of charts) chart.dispose();
  charts.clear();
};

const resizeAll = (size) => {
  for (const chart of charts) chart.resize(size);
};

/** @type {ReturnType<typeof setTimeout> | undefined} */
let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => resizeAll(), 100);
});
window.addEventListener('beforeprint', () => resizeAll({ width: PRINT_WIDTH }));
window.addEventListener('afterprint', () => resizeAll());

/**
 * A bar chart of labelled counts; clicking a bar follows its link.
 *
 * @param {HTMLElement} element
 * @param {{ label: string, count: number, href?: string }[]} rows
 * @param {string} lang
 * @param {{ horizontal?: boolean, color?: string }} [options]
 */
export const barChart = (element, rows, lang, { horizontal = false, color } = {}) => {
  // A horizontal chart grows with its bars, so that every category label keeps its line.
  if (horizontal) element.style.height = `${Math.max(160, rows.length * 28 + 50)}px`;
  const categories = rows.map((row) => row.label);
  const valueAxis = { type: 'value', minInterval: 1 };
  const categoryAxis = {
    type: 'category',
    data: categories,
    axisLabel: { interval: 0, width: 120, overflow: 'truncate' },
  };
  return drawChart(
    element,
    {
      grid: {
        left: horizontal ? 130 : 40,
        right: 20,
        top: 20,
        bottom: horizontal ? 30 : 60,
        containLabel: false,
      },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: horizontal
        ? valueAxis
        : { ...categoryAxis, axisLabel: { ...categoryAxis.axisLabel, rotate: 30 } },
      yAxis: horizontal ? { ...categoryAxis, inverse: true } : valueAxis,
      series: [
        {
          type: 'bar',
          data: rows.map((row) => row.count),
          itemStyle: color ? { color } : undefined,
          label: { show: true, position: horizontal ? 'right' : 'top' },
          cursor: 'pointer',
        },
      ],
    },
    lang,
    ({ dataIndex }) => {
      const href = rows[dataIndex]?.href;
      if (href) location.assign(href);
    },
  );
};
