/**
 * The classification vocabulary of one business line: channels, categories and root causes, each with
 * zh-CN and en labels. Codes are stable; labels may change.
 */
export const CAUSE_FAMILIES = ['service-capacity', 'staff', 'facilities', 'customer'] as const;
export type CauseFamily = (typeof CAUSE_FAMILIES)[number];

export const SEVERITIES = ['minor', 'serious', 'sudden-incident'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const RESPONSIBILITIES = ['at-fault', 'not-at-fault', 'undetermined'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

export const FORMS = ['attitude', 'quality'] as const;
export type ComplaintForm = (typeof FORMS)[number];

export type Labels = Readonly<{ 'zh-CN': string; en: string }>;

export type TaxonomyEntry = Readonly<{ code: string; labels: Labels }>;
export type CauseEntry = TaxonomyEntry & Readonly<{ family: CauseFamily }>;

export type BusinessLineTaxonomy = Readonly<{
  businessLine: string;
  labels: Labels;
  channels: readonly TaxonomyEntry[];
  categories: readonly TaxonomyEntry[];
  causes: readonly CauseEntry[];
}>;

export const CAUSE_FAMILY_LABELS: Record<CauseFamily, Labels> = {
  'service-capacity': { 'zh-CN': '服务水平与能力', en: 'Service level and capacity' },
  staff: { 'zh-CN': '员工', en: 'Staff' },
  facilities: { 'zh-CN': '设施设备', en: 'Facilities and equipment' },
  customer: { 'zh-CN': '客户方面', en: 'Customer side' },
};

export const SEVERITY_LABELS: Record<Severity, Labels> = {
  minor: { 'zh-CN': '轻微', en: 'Minor' },
  serious: { 'zh-CN': '严重', en: 'Serious' },
  'sudden-incident': { 'zh-CN': '突发事件', en: 'Sudden incident' },
};

export const RESPONSIBILITY_LABELS: Record<Responsibility, Labels> = {
  'at-fault': { 'zh-CN': '有责任', en: 'At fault' },
  'not-at-fault': { 'zh-CN': '无责任', en: 'Not at fault' },
  undetermined: { 'zh-CN': '待定', en: 'Undetermined' },
};

export const FORM_LABELS: Record<ComplaintForm, Labels> = {
  attitude: { 'zh-CN': '服务态度', en: 'Service attitude' },
  quality: { 'zh-CN': '服务质量', en: 'Service quality' },
};

/** All business lines known to a deployment, looked up by code. */
export class Taxonomy {
  private readonly lines: ReadonlyMap<string, BusinessLineTaxonomy>;

  constructor(lines: readonly BusinessLineTaxonomy[]) {
    this.lines = new Map(lines.map((line) => [line.businessLine, line]));
  }

  businessLines(): BusinessLineTaxonomy[] {
    return [...this.lines.values()];
  }

  line(businessLine: string): BusinessLineTaxonomy | undefined {
    return this.lines.get(businessLine);
  }

  hasChannel(businessLine: string, code: string): boolean {
    return this.line(businessLine)?.channels.some((c) => c.code === code) ?? false;
  }

  hasCategory(businessLine: string, code: string): boolean {
    return this.line(businessLine)?.categories.some((c) => c.code === code) ?? false;
  }

  cause(businessLine: string, code: string): CauseEntry | undefined {
    return this.line(businessLine)?.causes.find((c) => c.code === code);
  }
}
