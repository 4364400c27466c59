import {
  CAUSE_FAMILIES,
  FOLLOW_UP_METHODS,
  FORMS,
  RESPONSIBILITIES,
  REUSE,
  SATISFACTION,
  SEVERITIES,
  TIMELINESS,
  type ComplaintEvent,
  type ComplaintEventType,
  type CorrectiveActionEvent,
  type WeeklyPackArchiveEvent,
  type QualityMeetingEvent,
} from '@app/complaints';
import { z } from 'zod';

/**
 * The facts a projection reads from each event, and nothing else: parsing keeps only these keys, so
 * personal data and free text (customer name and contact, description, demand, reasons, notes,
 * comments) never reach a row. An event whose data lacks a fact, or holds one of the wrong kind, is
 * rejected with the field's path (never its value) as the reason.
 */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Any ISO-8601 instant with a zone, normalised to UTC with milliseconds (as ClickHouse returns it). */
export const instant = z
  .string()
  .refine(
    (value) => ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value)),
    'must be an ISO-8601 instant',
  )
  .transform((value) => new Date(value).toISOString());

const id = z.string().min(1);
const code = z.string().min(1);
const level = z.number().int().min(0).max(255);
const count = z.number().int().min(0);
const amount = z.number().finite().min(0);

const complaint = { complaintId: id };
const proposal = { ...complaint, proposalId: id };

const consequence = z.object({ level: code, points: z.number().int().positive().optional() });

export const COMPLAINT_FACTS = {
  ComplaintRegistered: z.object({
    ...complaint,
    acceptanceNumber: id,
    businessLine: code,
    channel: code,
    receivedAt: instant,
    // v2 carries the pseudonym made at append time, the reference being encrypted; v1 only the reference.
    customer: z.object({ reference: id, pseudonym: id.optional() }),
    receivedBy: z.object({ jobNumber: id, orgUnit: code }),
    source: z.object({ system: id, externalId: id }).optional(),
  }),
  ComplaintClassified: z.object({
    ...complaint,
    category: code,
    severity: z.enum(SEVERITIES),
    responsibility: z.enum(RESPONSIBILITIES),
    form: z.enum(FORMS),
    incidentId: id.optional(),
    classifiedAt: instant,
  }),
  ComplaintFlaggedAbnormal: z.object({ ...complaint, flaggedAt: instant }),
  ComplaintAcknowledged: z.object({
    ...complaint,
    mode: z.enum(['immediate', 'deferred']),
    replyDeadline: instant,
    acknowledgedAt: instant,
  }),
  InterimReplySent: z.object({ ...complaint, nextDeadline: instant, sentAt: instant }),
  ComplaintDispatched: z.object({
    ...complaint,
    dispatchId: id,
    assigneeKind: z.enum(['handler', 'department']),
    assignee: id,
    dueAt: instant,
    dispatchedAt: instant,
  }),
  DispatchReturned: z.object({ ...complaint, dispatchId: id, overdue: z.boolean(), returnedAt: instant }),
  ComplaintEscalated: z.object({ ...complaint, fromLevel: level, toLevel: level, escalatedAt: instant }),
  SuperiorNotifiedOfEscalation: z.object({ ...complaint, level, notifiedAt: instant }),
  InvestigationFindingRecorded: z.object({ ...complaint, recordedAt: instant }),
  RootCausesAttributed: z.object({
    ...complaint,
    causes: z.array(
      z.object({
        causeId: id,
        family: z.enum(CAUSE_FAMILIES),
        causeCode: code,
        responsibleUnit: code,
        staffJobNumber: id.optional(),
      }),
    ),
    attributedAt: instant,
  }),
  ResolutionProposed: z.object({
    ...proposal,
    totalAmount: amount,
    requiresApproval: z.boolean(),
    proposedAt: instant,
  }),
  ResolutionApproved: z.object({ ...proposal, approvedAt: instant }),
  ResolutionRejected: z.object({ ...proposal, rejectedAt: instant }),
  ResolutionAcceptedByCustomer: z.object({ ...proposal, acceptedAt: instant }),
  ResolutionRejectedByCustomer: z.object({ ...proposal, rejectedAt: instant }),
  ResolutionImplemented: z.object({ ...proposal, implementedAt: instant }),
  FinalReplySent: z.object({
    ...complaint,
    deadlineInForce: instant,
    onTime: z.boolean(),
    repliedAt: instant,
  }),
  FollowUpRecorded: z.object({
    ...complaint,
    method: z.enum(FOLLOW_UP_METHODS),
    level: code,
    answers: z.object({
      resultSatisfaction: z.enum(SATISFACTION),
      timeliness: z.enum(TIMELINESS),
      attitudeSatisfaction: z.enum(SATISFACTION),
      wouldReuse: z.enum(REUSE),
    }),
    recordedAt: instant,
  }),
  ComplaintClosed: z.object({ ...complaint, outcome: z.enum(['resolved', 'withdrawn']), closedAt: instant }),
  ComplaintReopened: z.object({ ...complaint, reopenCount: count, reopenedAt: instant }),
  ComplaintWithdrawn: z.object({ ...complaint, withdrawnAt: instant }),
  ComplaintMergedInto: z.object({ ...complaint, intoComplaintId: id, mergedAt: instant }),
  DuplicateComplaintMerged: z.object({ ...complaint, duplicateComplaintId: id, mergedAt: instant }),
  CauseAppealFiled: z.object({ ...complaint, causeId: id, filedAt: instant }),
  CauseAppealDecided: z.object({
    ...complaint,
    causeId: id,
    outcome: z.enum(['upheld', 'rejected']),
    decidedBy: z.string().min(1),
    decidedAt: instant,
    consequenceAfter: consequence.nullable(),
  }),
  CauseConsequenceDecided: z.object({
    ...complaint,
    causeId: id,
    ...consequence.shape,
    decidedBy: z.string().min(1),
    decidedAt: instant,
  }),
} satisfies Record<ComplaintEventType, z.ZodType>;

export const CORRECTIVE_ACTION_FACTS = {
  CorrectiveActionProposed: z.object({
    actionId: id,
    businessLine: code,
    meetingDate: instant,
    causeCodes: z.array(code),
    orgUnits: z.array(code),
    owner: id,
    dueAt: instant,
    proposedAt: instant,
    meetingId: id.optional(),
    decisionId: id.optional(),
  }),
  CorrectiveActionStarted: z.object({ actionId: id, startedAt: instant }),
  CorrectiveActionCompleted: z.object({ actionId: id, overdue: z.boolean(), completedAt: instant }),
  CorrectiveActionVerified: z.object({
    actionId: id,
    effective: z.boolean(),
    verifiedBy: id,
    verifiedAt: instant,
  }),
} satisfies Record<CorrectiveActionEvent['type'], z.ZodType>;

export const WEEKLY_PACK_ARCHIVE_FACTS = {
  WeeklyPackArchived: z.object({
    archiveId: id,
    businessLine: code,
    week: z.string().regex(/^\d{4}-W\d{2}$/, 'must be an ISO week'),
    orgUnit: code.nullable(),
    timeZone: z.string().min(1),
    definitionsVersion: z.string().min(1),
    figures: z.record(z.string(), z.unknown()),
    generatedAt: instant,
  }),
} satisfies Record<WeeklyPackArchiveEvent['type'], z.ZodType>;

export const QUALITY_MEETING_FACTS = {
  QualityMeetingHeld: z.object({
    meetingId: id,
    businessLine: code,
    week: z.string().regex(/^\d{4}-W\d{2}$/, 'must be an ISO week'),
    orgUnits: z.array(id),
    heldAt: instant,
    attendees: z.array(id),
    reviewedArchiveId: id.nullable(),
    chairedBy: id,
    recordedAt: instant,
  }),
  MeetingFindingRecorded: z.object({
    meetingId: id,
    findingId: id,
    causeCodes: z.array(code),
    recordedAt: instant,
  }),
  MeetingDecisionRecorded: z.object({
    meetingId: id,
    decisionId: id,
    findingId: id.nullable(),
    actionId: id,
    recordedAt: instant,
  }),
} satisfies Record<QualityMeetingEvent['type'], z.ZodType>;

/**
 * One event contract, checked by the compiler: the domain's union (`complaint.events.ts`,
 * `corrective-action.ts`) is the source; each facts schema must accept the data of its event as the
 * domain writes it today. Renaming or retyping a fact in the domain without the schema (or the
 * reverse) fails `tsc` here, naming the event.
 */
type AcceptedBy<Schema extends z.ZodType, Data> = Data extends z.input<Schema> ? true : false;
type DataOf<Events extends { type: string; data: unknown }, Type> = Extract<Events, { type: Type }>['data'];
type EveryOneTrue<Checks extends Record<string, true>> = Checks;
export type ComplaintFactsMatchTheDomain = EveryOneTrue<{
  [Type in ComplaintEventType]: AcceptedBy<(typeof COMPLAINT_FACTS)[Type], DataOf<ComplaintEvent, Type>>;
}>;
export type CorrectiveActionFactsMatchTheDomain = EveryOneTrue<{
  [Type in CorrectiveActionEvent['type']]: AcceptedBy<
    (typeof CORRECTIVE_ACTION_FACTS)[Type],
    DataOf<CorrectiveActionEvent, Type>
  >;
}>;

export type WeeklyPackArchiveFactsMatchTheDomain = EveryOneTrue<{
  [Type in WeeklyPackArchiveEvent['type']]: AcceptedBy<
    (typeof WEEKLY_PACK_ARCHIVE_FACTS)[Type],
    DataOf<WeeklyPackArchiveEvent, Type>
  >;
}>;

export type QualityMeetingFactsMatchTheDomain = EveryOneTrue<{
  [Type in QualityMeetingEvent['type']]: AcceptedBy<
    (typeof QUALITY_MEETING_FACTS)[Type],
    DataOf<QualityMeetingEvent, Type>
  >;
}>;

type FactsOf<Schemas extends Record<string, z.ZodType>> = {
  [Type in keyof Schemas & string]: { type: Type; data: z.output<Schemas[Type]> };
}[keyof Schemas & string];

export type ComplaintFacts = FactsOf<typeof COMPLAINT_FACTS>;
export type CorrectiveActionFacts = FactsOf<typeof CORRECTIVE_ACTION_FACTS>;
export type WeeklyPackArchiveFacts = FactsOf<typeof WEEKLY_PACK_ARCHIVE_FACTS>;
export type QualityMeetingFacts = FactsOf<typeof QUALITY_MEETING_FACTS>;

export type ParsedFacts<F> = { ok: true; facts: F } | { ok: false; reason: string };

const describeIssues = (error: z.ZodError): string =>
  error.issues.map((issue) => `data.${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');

const parseWith = <F>(schemas: Record<string, z.ZodType>, type: string, data: unknown): ParsedFacts<F> => {
  const schema = schemas[type];
  const parsed = schema.safeParse(data);
  return parsed.success
    ? { ok: true, facts: { type, data: parsed.data } as F }
    : { ok: false, reason: `${type}: ${describeIssues(parsed.error)}` };
};

export const parseComplaintFacts = (type: ComplaintEventType, data: unknown): ParsedFacts<ComplaintFacts> =>
  parseWith<ComplaintFacts>(COMPLAINT_FACTS, type, data);

export const parseCorrectiveActionFacts = (
  type: CorrectiveActionEvent['type'],
  data: unknown,
): ParsedFacts<CorrectiveActionFacts> =>
  parseWith<CorrectiveActionFacts>(CORRECTIVE_ACTION_FACTS, type, data);

export const parseWeeklyPackArchiveFacts = (
  type: WeeklyPackArchiveEvent['type'],
  data: unknown,
): ParsedFacts<WeeklyPackArchiveFacts> =>
  parseWith<WeeklyPackArchiveFacts>(WEEKLY_PACK_ARCHIVE_FACTS, type, data);

export const parseQualityMeetingFacts = (
  type: QualityMeetingEvent['type'],
  data: unknown,
): ParsedFacts<QualityMeetingFacts> => parseWith<QualityMeetingFacts>(QUALITY_MEETING_FACTS, type, data);
