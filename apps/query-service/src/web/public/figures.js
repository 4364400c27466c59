// @ts-check
import { h } from './dom.js';

/**
 * The parts a report page shows its figures in, the same on every report.
 *
 * @typedef {import('./dom.js').Child} Child
 */

/**
 * One shown figure: `data-kpi` names it (`volume.count`, `kpis.volume.current`), `data-value` carries the
 * API's raw value; a count links to the list of complaints behind it.
 *
 * @param {string} kpi
 * @param {import('./dom.js').PropValue} value
 * @param {Child} shown
 * @param {string} [href]
 */
export const figure = (kpi, value, shown, href) =>
  h(href ? 'a' : 'span', { class: 'figure', 'data-kpi': kpi, 'data-value': value ?? '', href }, shown);

/**
 * A name and its value(s), one entry of a `dl.stats`.
 *
 * @param {Child} name
 * @param {...Child} value
 */
export const stat = (name, ...value) => h('div', { class: 'stat' }, h('dt', {}, name), h('dd', {}, value));

/**
 * Chart boxes for a page being built: a chart measures its box, so each is drawn by `drawCharts` once the
 * page is in the document.
 */
export const chartBoxes = () => {
  /** @type {(() => void)[]} */
  const charts = [];
  return {
    /**
     * @param {string} name
     * @param {(element: HTMLElement) => void} draw
     */
    chartBox: (name, draw) => {
      const element = h('div', { class: 'chart', 'data-chart': name });
      charts.push(() => draw(element));
      return element;
    },
    drawCharts: () => {
      for (const draw of charts) draw();
    },
  };
};
