import { type Labels, type Severity } from '../taxonomy/taxonomy';

/**
 * Rules the sources leave open, made configurable (DOMAIN.md: "Where the sources disagree, the product
 * makes the rule configurable rather than picking one").
 */
export type SlaRule = Readonly<{
  /** Omitted: any channel. */
  channel?: string;
  /** Omitted: any severity. */
  severity?: Severity;
  /** Reply deadline, in hours after the complaint was received. */
  replyWithinHours: number;
}>;

/**
 * One rung of an accountability ladder (问责尺度): what a cause attributed to a staff member or unit may
 * cost them. Lowest first; `withPoints` rungs state a number of points deducted.
 */
export type ConsequenceRung = Readonly<{ level: string; labels: Labels; withPoints?: boolean }>;

export type ComplaintPolicy = Readonly<{
  /** Resolutions whose money value exceeds this need a leader's approval; per business line, with a default. */
  approvalThreshold: Readonly<{ default: number; byBusinessLine?: Readonly<Record<string, number>> }>;
  /** Escalation ladder, lowest first; a complaint starts at level 0. */
  escalationLevels: readonly string[];
  /** First matching rule wins: most specific rules first. */
  sla: readonly SlaRule[];
  /** A deferred-reply deadline later than the SLA allows is refused when false. */
  allowDeadlineBeyondSla: boolean;
  /** How long after closing the customer may reopen the same matter. */
  reopenWindowDays: number;
  /** Whether a complaint may only be closed once a follow-up is recorded after its final reply. */
  requireFollowUpBeforeClose: boolean;
  /** Whether only complaints of the same customer can be merged. */
  mergeRequiresSameCustomer: boolean;
  /** Whether the one who proposed a resolution may also approve it. */
  allowSelfApproval: boolean;
  /** The accountability ladder, lowest first; per business line, with a default. */
  consequenceLadders: Readonly<{
    default: readonly ConsequenceRung[];
    byBusinessLine?: Readonly<Record<string, readonly ConsequenceRung[]>>;
  }>;
}>;

export const DEFAULT_CONSEQUENCE_LADDER: readonly ConsequenceRung[] = [
  { level: 'none', labels: { 'zh-CN': '不予处理', en: 'None' } },
  { level: 'notice', labels: { 'zh-CN': '提醒告知', en: 'Notice' } },
  { level: 'warning', labels: { 'zh-CN': '警告', en: 'Warning' } },
  { level: 'points-deducted', labels: { 'zh-CN': '扣分', en: 'Points deducted' }, withPoints: true },
  { level: 'referral', labels: { 'zh-CN': '移交处理', en: 'Referral' } },
];

export const DEFAULT_POLICY: ComplaintPolicy = {
  approvalThreshold: { default: 500 },
  escalationLevels: ['clerk', 'team-lead', 'branch-manager', 'superior-department'],
  sla: [
    { severity: 'sudden-incident', replyWithinHours: 4 },
    { channel: 'regulator', replyWithinHours: 24 },
    { channel: 'national-centre', replyWithinHours: 48 },
    { channel: 'provincial-centre', replyWithinHours: 48 },
    { severity: 'serious', replyWithinHours: 48 },
    { severity: 'minor', replyWithinHours: 72 },
    { replyWithinHours: 120 },
  ],
  allowDeadlineBeyondSla: false,
  reopenWindowDays: 90,
  requireFollowUpBeforeClose: false,
  mergeRequiresSameCustomer: true,
  allowSelfApproval: false,
  consequenceLadders: { default: DEFAULT_CONSEQUENCE_LADDER },
};

export const approvalThresholdFor = (policy: ComplaintPolicy, businessLine: string): number =>
  policy.approvalThreshold.byBusinessLine?.[businessLine] ?? policy.approvalThreshold.default;

export const slaHoursFor = (
  policy: ComplaintPolicy,
  channel: string,
  severity: Severity,
): number | undefined =>
  policy.sla.find(
    (rule) =>
      (rule.channel === undefined || rule.channel === channel) &&
      (rule.severity === undefined || rule.severity === severity),
  )?.replyWithinHours;

export const consequenceLadderFor = (
  policy: ComplaintPolicy,
  businessLine: string,
): readonly ConsequenceRung[] =>
  policy.consequenceLadders.byBusinessLine?.[businessLine] ?? policy.consequenceLadders.default;
