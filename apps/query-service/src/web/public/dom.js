// @ts-check
/**
 * @typedef {string | number | boolean | null | undefined | ((event: Event) => void)} PropValue
 * @typedef {Record<string, PropValue>} Props
 * @typedef {Node | string | number | boolean | null | undefined | unknown[]} Child
 */

/**
 * Builds DOM nodes. Text always goes in as text nodes, never as HTML: complaint facts and org-unit names
 * are free text typed by people.
 *
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props] attributes; `on<event>` functions become listeners; null, undefined and false
 *   are left out
 * @param {...Child} children strings, numbers, nodes, arrays of them; null and undefined are skipped
 * @returns {HTMLElementTagNameMap[K]}
 */
export const h = (tag, props = {}, ...children) => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
};

/**
 * @param {Element} parent
 * @param {unknown[]} children
 */
const append = (parent, children) => {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.append(child instanceof Node ? child : String(child));
  }
};

/**
 * Replaces the children of `parent`.
 *
 * @param {Element} parent
 * @param {...Child} children
 */
export const replaceChildren = (parent, ...children) => {
  parent.replaceChildren();
  append(parent, children);
};

/**
 * A table with a head row and body rows; each cell is a node, text or null.
 *
 * @param {Child[]} head
 * @param {Child[][]} rows
 * @param {Props} [props]
 */
export const table = (head, rows, props = {}) =>
  h(
    'table',
    props,
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((cell) => h('th', { scope: 'col' }, cell)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          row.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
