// @ts-check
/** Number formats of the two page languages; null (a rate over nothing) shows as a dash. */
const DASH = '—';

/** @type {Map<string, Intl.NumberFormat>} */
const formats = new Map();
/**
 * @param {string} lang
 * @param {Intl.NumberFormatOptions} options
 * @returns {Intl.NumberFormat}
 */
const numberFormat = (lang, options) => {
  const key = `${lang}|${JSON.stringify(options)}`;
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(lang, options));
  return /** @type {Intl.NumberFormat} */ (formats.get(key));
};

/**
 * A count: a whole number with grouping.
 *
 * @param {number | null | undefined} value
 * @param {string} lang
 */
export const formatCount = (value, lang) =>
  value === null || value === undefined
    ? DASH
    : numberFormat(lang, { maximumFractionDigits: 0 }).format(value);

/**
 * A mean or baseline: up to two decimals.
 *
 * @param {number | null | undefined} value
 * @param {string} lang
 */
export const formatDecimal = (value, lang) =>
  value === null || value === undefined
    ? DASH
    : numberFormat(lang, { maximumFractionDigits: 2 }).format(value);

/**
 * A rate or share, a fraction (0.25), as a percentage with one decimal.
 *
 * @param {number | null | undefined} value
 * @param {string} lang
 */
export const formatPercent = (value, lang) =>
  value === null || value === undefined
    ? DASH
    : numberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value);

/**
 * A difference, with its sign.
 *
 * @param {number | null | undefined} value
 * @param {string} lang
 */
export const formatSignedCount = (value, lang) =>
  value === null || value === undefined
    ? DASH
    : numberFormat(lang, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(value);

/**
 * A relative change, a fraction, as a signed percentage.
 *
 * @param {number | null | undefined} value
 * @param {string} lang
 */
export const formatSignedPercent = (value, lang) =>
  value === null || value === undefined
    ? DASH
    : numberFormat(lang, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(
        value,
      );

/**
 * A rate difference, a fraction (0.05), as signed rate points (+5): the caller adds the unit in its
 * language, so that 5 points never reads as a 5 % relative change.
 *
 * @param {number | null | undefined} value
 * @param {string} lang
 */
export const formatSignedPoints = (value, lang) =>
  value === null || value === undefined
    ? DASH
    : numberFormat(lang, { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(value * 100);

/**
 * An instant, as date and time in the reporting zone.
 *
 * @param {string} iso
 * @param {string} lang
 * @param {string} [timeZone]
 */
export const formatInstant = (iso, lang, timeZone) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
};

/**
 * A day (`YYYY-MM-DD` or an instant), in the reporting zone.
 *
 * @param {string} iso
 * @param {string} lang
 * @param {string} [timeZone]
 */
export const formatDay = (iso, lang, timeZone) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone }).format(date);
};

/**
 * A small probability (a spike's P-value) in scientific notation, so that 0.00008 does not read as 0.
 *
 * @param {number | null | undefined} value
 * @param {string} lang
 */
export const formatProbability = (value, lang) =>
  value === null || value === undefined
    ? DASH
    : numberFormat(lang, { notation: 'scientific', maximumFractionDigits: 1 }).format(value);
