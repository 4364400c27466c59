import { z } from 'zod';
import { MALFORMED_TEXT_REASON, isWellFormedText } from '@app/event-store';

/**
 * The contract of `complaints.inbound.v1` (and of the HTTP batch ingress): what upstream systems —
 * hotline platform, counter terminals, web portal, complaint centres, regulators — send in. Each
 * message names its source system and the complaint's id there; (system, externalId) identifies the
 * complaint, (system, messageId) the message.
 */
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lower-case code');
/** Text no store keeps as it is (PostgreSQL's jsonb refuses NUL and lone surrogates): refused here, not at append. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(isWellFormedText, {
      message: MALFORMED_TEXT_REASON,
      params: { code: 'MALFORMED_TEXT' },
    });
const instant = z.iso.datetime({ offset: true });
const SHORT = 200;
const LONG = 4000;

const source = z.strictObject({ system: code, externalId: text(SHORT) });

const header = {
  messageId: text(SHORT),
  schemaVersion: z.literal(1),
  source,
  occurredAt: instant,
};

const registration = z.strictObject({
  businessLine: code,
  channel: code,
  customer: z.strictObject({
    reference: text(SHORT),
    name: text(SHORT),
    contact: z.strictObject({
      phone: z
        .string()
        .regex(/^\+?[0-9 ()-]{3,32}$/, 'must be a phone number')
        .optional(),
      email: z.email().max(SHORT).optional(),
      address: text(SHORT).optional(),
    }),
  }),
  description: text(LONG),
  demand: text(LONG),
  receivedBy: z.strictObject({ jobNumber: text(64), orgUnit: text(SHORT) }),
  /** Free tags (free text, kept as personal data). */
  tags: z.array(text(SHORT)).min(1).max(20).optional(),
});

const complaintReceived = z.strictObject({
  ...header,
  type: z.literal('ComplaintReceived'),
  payload: registration,
});

const referralReceived = z.strictObject({
  ...header,
  type: z.literal('ReferralReceived'),
  payload: registration.extend({ referredBy: text(SHORT), referenceNumber: text(SHORT) }),
});

const answers = z.strictObject({
  resultSatisfaction: z.enum(['satisfied', 'neutral', 'dissatisfied']),
  timeliness: z.enum(['timely', 'neutral', 'late']),
  attitudeSatisfaction: z.enum(['satisfied', 'neutral', 'dissatisfied']),
  wouldReuse: z.enum(['yes', 'unsure', 'no']),
});

const followUpReported = z.strictObject({
  ...header,
  type: z.literal('FollowUpResultReported'),
  payload: z.strictObject({
    method: z.enum(['phone', 'letter', 'fax', 'email', 'in-person']),
    level: code,
    answers,
    comment: text(LONG).optional(),
  }),
});

/** What the investigation found (查原因): the facts, from which sources; needed before causes are attributed. */
const findingReported = z.strictObject({
  ...header,
  type: z.literal('InvestigationFindingReported'),
  payload: z.strictObject({
    sources: z.array(z.enum(['customer', 'staff', 'witness', 'records', 'cctv'])).min(1),
    what: text(LONG),
  }),
});

/** The root causes the source attributed, as cause codes of the business line's taxonomy. */
const causesReported = z.strictObject({
  ...header,
  type: z.literal('RootCausesReported'),
  payload: z.strictObject({
    causes: z
      .array(
        z.strictObject({
          causeCode: code,
          responsibleUnit: text(SHORT),
          staffJobNumber: text(64).optional(),
        }),
      )
      .min(1)
      .max(20),
  }),
});

const contactMethod = z.enum(['phone', 'sms', 'email', 'letter', 'in-person']);

const status = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('classified'),
    category: code,
    severity: z.enum(['minor', 'serious', 'sudden-incident']),
    responsibility: z.enum(['at-fault', 'not-at-fault', 'undetermined']),
    form: z.enum(['attitude', 'quality']),
  }),
  z.strictObject({
    status: z.literal('acknowledged'),
    mode: z.enum(['immediate', 'deferred']),
    contactMethod,
    replyDeadline: instant.optional(),
    reply: text(LONG).optional(),
  }),
  z.strictObject({ status: z.literal('replied'), summary: text(LONG), contactMethod }),
  z.strictObject({ status: z.literal('closed') }),
  z.strictObject({ status: z.literal('reopened'), reason: text(LONG) }),
  z.strictObject({ status: z.literal('withdrawn'), reason: text(LONG) }),
]);

const statusUpdated = z.strictObject({ ...header, type: z.literal('StatusUpdated'), payload: status });

export const inboundMessageSchema = z.discriminatedUnion('type', [
  complaintReceived,
  referralReceived,
  followUpReported,
  findingReported,
  causesReported,
  statusUpdated,
]);

export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type InboundMessageType = InboundMessage['type'];
export type StatusUpdate = z.infer<typeof status>;

export const INBOUND_MESSAGE_TYPES: readonly InboundMessageType[] = [
  'ComplaintReceived',
  'ReferralReceived',
  'FollowUpResultReported',
  'InvestigationFindingReported',
  'RootCausesReported',
  'StatusUpdated',
];

/** Largest inbound message accepted, in bytes of JSON. */
export const MAX_INBOUND_MESSAGE_BYTES = 64 * 1024;

export type InboundProblem = { field: string; reason: string; code: string };

/** Parses raw bytes into a valid message, or names every problem with field, reason and a stable code. */
export const parseInboundMessage = (
  raw: string | Buffer | null,
): { ok: true; message: InboundMessage } | { ok: false; problems: InboundProblem[] } => {
  if (raw === null)
    return { ok: false, problems: [{ field: '', reason: 'empty message', code: 'INBOUND.EMPTY' }] };
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_INBOUND_MESSAGE_BYTES)
    return {
      ok: false,
      problems: [
        { field: '', reason: `larger than ${MAX_INBOUND_MESSAGE_BYTES} bytes`, code: 'INBOUND.TOO_LARGE' },
      ],
    };
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch (error) {
    return {
      ok: false,
      problems: [{ field: '', reason: notJsonReason(error), code: 'INBOUND.MALFORMED_JSON' }],
    };
  }
  return validateInboundMessage(json);
};

/**
 * Why a message is not JSON: the error's class and where, never its text — V8 quotes the message around
 * the fault (`Unexpected token 'x', "…" is not valid JSON`), and the message holds personal data.
 */
const notJsonReason = (error: unknown): string => {
  const name = error instanceof Error ? error.name : 'Error';
  const position = error instanceof Error ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
  return `not valid JSON (${name}${position === undefined ? '' : ` at position ${position}`})`;
};

/**
 * An issue's reason in words of the contract only. Zod names unknown keys in its message, and a key is
 * the sender's text like any value, so those are counted, not named; every other message of the schema
 * is written from the schema (expected types, options, lengths, patterns), never from the input.
 */
const reasonOf = (issue: z.core.$ZodIssue): string =>
  issue.code === 'unrecognized_keys'
    ? `has ${issue.keys.length} field${issue.keys.length === 1 ? '' : 's'} the contract does not know (not named here)`
    : issue.message;

export const validateInboundMessage = (
  json: unknown,
): { ok: true; message: InboundMessage } | { ok: false; problems: InboundProblem[] } => {
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !INBOUND_MESSAGE_TYPES.includes(type as InboundMessageType))
    return {
      ok: false,
      problems: [
        {
          field: 'type',
          reason: `unknown message type; expected one of ${INBOUND_MESSAGE_TYPES.join(', ')}`,
          code: 'INBOUND.UNKNOWN_TYPE',
        },
      ],
    };
  const parsed = inboundMessageSchema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.'),
      reason: reasonOf(issue),
      code: `INBOUND.${
        issue.code === 'custom' && typeof issue.params?.code === 'string'
          ? issue.params.code
          : issue.code.toUpperCase()
      }`,
    })),
  };
};
