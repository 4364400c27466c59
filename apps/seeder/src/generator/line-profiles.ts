import { type BusinessLineTaxonomy, type CauseFamily } from '@app/complaints';
import { Rng, Weighted, seedFrom, zipfWeights } from './random';

/**
 * How each business line's complaints spread over its taxonomy: the codes that lead (most complaints
 * come through a line's own hotline, about its core service, for a handful of causes, staff attitude
 * high everywhere) and a Zipf tail over the rest. Codes a line's taxonomy lacks are skipped, so another taxonomy still works.
 */
type Leading = Readonly<{ channels: string[]; categories: string[]; causes: string[] }>;

const LEADING: Readonly<Record<string, Leading>> = {
  postal: {
    channels: ['hotline-11185', 'counter', 'web', 'letter', 'provincial-centre', 'consumer-association'],
    categories: ['item-delayed', 'item-lost', 'service-attitude', 'item-damaged', 'enquiry-compensation'],
    causes: ['sorting-error', 'staff-attitude', 'after-sales-gap', 'offering-short', 'staff-skills'],
  },
  telecom: {
    channels: ['hotline-10086', 'web', 'counter', 'provincial-centre', 'regulator'],
    categories: ['network', 'wrong-charge', 'promotion-not-applied', 'double-charge', 'billing-rules'],
    causes: ['network-coverage', 'staff-attitude', 'system-outage', 'staff-skills', 'partial-knowledge'],
  },
  bank: {
    channels: ['hotline-95588', 'counter', 'web', 'regulator'],
    categories: ['queueing', 'card-service', 'wealth-product', 'service-attitude', 'billing'],
    causes: ['staff-attitude', 'on-site-management', 'mis-selling', 'system-outage', 'partial-knowledge'],
  },
  hotel: {
    channels: ['front-desk', 'web', 'counter', 'letter'],
    categories: ['room-cleanliness', 'noise', 'food-beverage', 'reservation', 'service-attitude'],
    causes: ['housekeeping-lapse', 'staff-attitude', 'environment', 'supplies', 'rising-expectations'],
  },
  tobacco: {
    channels: ['hotline-12313', 'counter', 'web'],
    categories: ['supply-allocation', 'order-delivery', 'product-quality', 'service-attitude'],
    causes: ['allocation-rule', 'staff-attitude', 'after-sales-gap', 'unfair-treatment', 'offering-short'],
  },
};

/** The category a cause usually shows up as, first match the line has. */
const CAUSE_CATEGORIES: Readonly<Record<string, string[]>> = {
  'sorting-error': ['item-misdelivered', 'item-delayed'],
  'after-sales-gap': ['enquiry-compensation', 'order-delivery', 'service-quality'],
  'staff-attitude': ['service-attitude'],
  'unfair-treatment': ['service-attitude', 'supply-allocation'],
  'staff-skills': ['service-quality', 'wrong-charge', 'card-service'],
  'rule-violation': ['service-quality', 'double-charge', 'billing'],
  'network-coverage': ['network'],
  'system-outage': ['network', 'card-service', 'billing', 'reservation'],
  'on-site-management': ['queueing', 'service-quality'],
  'mis-selling': ['wealth-product'],
  'housekeeping-lapse': ['room-cleanliness'],
  environment: ['noise', 'service-quality'],
  supplies: ['room-cleanliness', 'service-quality'],
  'allocation-rule': ['supply-allocation'],
  'partial-knowledge': ['billing-rules', 'promotion-not-applied'],
  'customer-misunderstanding': ['billing-rules', 'website-information'],
};

/** District names for generated org units; each line gets a few, skewed by size. */
const DISTRICTS = [
  'beijing-chaoyang',
  'beijing-haidian',
  'shanghai-pudong',
  'shanghai-xuhui',
  'guangzhou-tianhe',
  'shenzhen-nanshan',
  'hangzhou-xihu',
  'chengdu-wuhou',
  'wuhan-jianghan',
  'nanjing-gulou',
  'xian-yanta',
  'tianjin-heping',
];

export const UNITS_PER_LINE = 8;
/** Zipf exponent of causes within a line: the top three make about four in five complaints. */
export const CAUSE_SKEW = 1.8;
export const CLERKS_PER_UNIT = 16;

export type LineProfile = {
  businessLine: string;
  /** 1-based, part of the line's staff job numbers. */
  lineNumber: number;
  units: string[];
  unitPicker: Weighted<number>;
  channels: Weighted<string>;
  categories: Weighted<string>;
  /** Cause codes by rank and their base (Zipf) weights; time-varying factors multiply these. */
  causes: string[];
  causeWeights: number[];
  families: ReadonlyMap<string, CauseFamily>;
  /** zh-CN labels, for the free text of generated complaints. */
  categoryLabels: ReadonlyMap<string, string>;
  causeLabels: ReadonlyMap<string, string>;
};

/** Leading codes first (those the line has), then the line's other codes in taxonomy order. */
const ranked = (codes: readonly string[], leading: readonly string[] = []): string[] => [
  ...leading.filter((code) => codes.includes(code)),
  ...codes.filter((code) => !leading.includes(code)),
];

export const lineProfile = (line: BusinessLineTaxonomy, lineNumber: number, seed: number): LineProfile => {
  const leading = LEADING[line.businessLine];
  const rng = new Rng(seedFrom(seed, 'units', line.businessLine));
  const districts = [...DISTRICTS];
  for (let i = districts.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [districts[i], districts[j]] = [districts[j]!, districts[i]!];
  }
  const units = districts.slice(0, UNITS_PER_LINE).map((district) => `${line.businessLine}-${district}`);
  const causes = ranked(
    line.causes.map((c) => c.code),
    leading?.causes,
  );
  return {
    businessLine: line.businessLine,
    lineNumber,
    units,
    unitPicker: new Weighted(
      units.map((_, i) => i),
      zipfWeights(units.length, 0.8),
    ),
    channels: Weighted.zipf(
      ranked(
        line.channels.map((c) => c.code),
        leading?.channels,
      ),
      1.1,
    ),
    categories: Weighted.zipf(
      ranked(
        line.categories.map((c) => c.code),
        leading?.categories,
      ),
      1.0,
    ),
    causes,
    causeWeights: zipfWeights(causes.length, CAUSE_SKEW),
    families: new Map(line.causes.map((c) => [c.code, c.family])),
    categoryLabels: new Map(line.categories.map((c) => [c.code, c.labels['zh-CN']])),
    causeLabels: new Map(line.causes.map((c) => [c.code, c.labels['zh-CN']])),
  };
};

/** The category a cause most likely shows as in this line, or the line's leading category. */
export const categoryForCause = (profile: LineProfile, causeCode: string): string =>
  CAUSE_CATEGORIES[causeCode]?.find((code) => profile.categoryLabels.has(code)) ??
  profile.categories.values[0]!;

const pad = (n: number) => String(n).padStart(2, '0');

/** Staff job numbers (never names): S + line + unit + seat; 80 is the team lead, 90 the manager. */
export const staff = {
  clerk: (profile: LineProfile, unit: number, seat: number) =>
    `S${profile.lineNumber}${pad(unit + 1)}${pad(seat + 1)}`,
  teamLead: (profile: LineProfile, unit: number) => `S${profile.lineNumber}${pad(unit + 1)}80`,
  manager: (profile: LineProfile, unit: number) => `S${profile.lineNumber}${pad(unit + 1)}90`,
  analyst: (profile: LineProfile) => `S${profile.lineNumber}0001`,
};
