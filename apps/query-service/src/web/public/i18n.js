// @ts-check
import { UI_TEXT } from './ui-text.js';

/**
 * @typedef {'zh-CN' | 'en'} Language
 * @typedef {(typeof UI_TEXT)[Language]} UiText  a word missing from either dictionary is a type error
 */

/** @type {Language[]} */
export const LANGUAGES = ['zh-CN', 'en'];
/** @type {Language} */
export const DEFAULT_LANGUAGE = 'zh-CN';

/**
 * The page language from `?lang=`; zh-CN unless en is asked for.
 *
 * @param {URLSearchParams} params
 * @returns {Language}
 */
export const languageOf = (params) => {
  const asked = /** @type {Language} */ (params.get('lang'));
  return LANGUAGES.includes(asked) ? asked : DEFAULT_LANGUAGE;
};

/**
 * The language as an address carries it (`?lang=`): nothing for the default one.
 *
 * @param {Language} lang
 */
export const addressLanguage = (lang) => (lang === DEFAULT_LANGUAGE ? '' : lang);

/**
 * The UI dictionary of a language.
 *
 * @param {Language} lang
 * @returns {UiText}
 */
export const uiText = (lang) => UI_TEXT[lang] ?? UI_TEXT[DEFAULT_LANGUAGE];

/** A `{ 'zh-CN', en }` label in `lang`; a code without a label shows as itself. */
export const pick = (labels, lang, code = '') => labels?.[lang] ?? labels?.en ?? code;

/** Label lookups over the labels of GET /reports/labels. */
export const labeller = (labels, lang) => {
  const of = (table, code) => pick(table?.[code], lang, code);
  const kpis = new Map(labels.kpis.map((kpi) => [kpi.id, kpi]));
  const levels = new Map(labels.escalationLevels.map((level) => [level.level, level]));
  const executiveKpis = new Map((labels.executiveKpis ?? []).map((kpi) => [kpi.id, kpi]));
  const breakdownKey = (dimension, key) => {
    if (key === 'unclassified') return pick(labels.unclassified, lang, key);
    const table = {
      channel: labels.channels,
      category: labels.categories,
      severity: labels.severities,
      responsibility: labels.responsibilities,
    }[dimension];
    return table ? of(table, key) : key;
  };
  const cause = (code) => pick(labels.causes[code]?.labels, lang, code);
  const family = (code) => of(labels.causeFamilies, code);
  return {
    lang,
    kpi: (id) => pick(kpis.get(id)?.label, lang, id),
    formula: (id) => pick(kpis.get(id)?.formula, lang, ''),
    businessLine: (code) => of(labels.businessLines, code),
    channel: (code) => of(labels.channels, code),
    category: (code) => of(labels.categories, code),
    severity: (code) => of(labels.severities, code),
    responsibility: (code) => of(labels.responsibilities, code),
    form: (code) => of(labels.forms, code),
    cause,
    family,
    breakdownDimension: (dimension) => of(labels.breakdownDimensions, dimension),
    breakdownKey,
    ageBucket: (bucket) => of(labels.overdueAgeBuckets, bucket),
    /** An escalation rung by its code (`team-lead`), as follow-ups and escalations name it. */
    levelCode: (code) => {
      const known = labels.escalationLevels.find((level) => level.code === code);
      return known ? pick(known.labels, lang, code) : code;
    },
    level: (level) => {
      const known = levels.get(Number(level));
      return known ? `${level} · ${pick(known.labels, lang, known.code)}` : String(level);
    },
    question: (question) => of(labels.followUpQuestions, question),
    answer: (question, answer) => pick(labels.followUpAnswers[question]?.[answer], lang, answer),
    metric: (metric) => of(labels.drillDownMetrics, metric),
    trendDimension: (dimension) => of(labels.trendDimensions, dimension),
    eventType: (type) => of(labels.eventTypes, type),
    correctiveAction: (field) => of(labels.correctiveActions, field),
    /** A headline KPI of the executive report: its name, and the id of the definition that explains it. */
    executiveKpi: (id) => pick(executiveKpis.get(id)?.label, lang, id),
    executiveKpiDefinition: (id) => executiveKpis.get(id)?.definition ?? id,
    executiveCorrectiveAction: (field) => of(labels.executiveCorrectiveActions, field),
    /** A field of a complaint (an event fact, a table column): never its raw key. */
    field: (name) => of(labels.complaintFields, name),
    /** A coded value of a complaint field (`status`, `mode`, `contactMethod`…); null when none is known. */
    value: (group, code) => {
      const known = labels.complaintValues?.[group]?.[code];
      return known ? pick(known, lang, code) : null;
    },
    worklist: (name) => pick(labels.worklists?.[name]?.labels, lang, name),
    worklistDescription: (name) => pick(labels.worklists?.[name]?.description, lang, ''),
    /** A Pareto key `family/causeCode/responsibleUnit`. */
    causeKey: (key) => {
      const [familyCode, causeCode, ...unit] = key.split('/');
      return [family(familyCode), cause(causeCode ?? ''), unit.join('/')].filter(Boolean).join(' / ');
    },
  };
};
