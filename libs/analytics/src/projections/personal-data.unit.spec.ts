import { COMPLAINT_EVENT_TYPES, CORRECTIVE_ACTION_EVENT_TYPES, type DomainEvent } from '@app/complaints';
import { ev, target } from '@app/complaints/test-support/complaint-events';
import { actionEv } from '@app/complaints/test-support/corrective-action-builders';
import { COMPLAINT_ID, CUSTOMER_REFERENCE, T, TARGET_ID } from '@app/complaints/test-support/fixtures';
import { ctx, project } from '../test-support/projection-fixtures';

/** Every piece of personal data or free text carries this marker, so one search finds any leak. */
const PII = 'PII§';
const PHONE = '+86 138 0000 4321';
const EMAIL = 'wang.fang@example.com';
const text = (what: string) => `${PII} ${what}`;

/** Every event type of both aggregates, each carrying personal data or free text where it has any. */
const everyEventType = (): DomainEvent[] => [
  ...target(),
  ev.registered({
    customer: {
      reference: CUSTOMER_REFERENCE,
      name: text('王芳 Wang Fang'),
      contact: { phone: PHONE, email: EMAIL, address: text('12 Garden Road, Beijing') },
    },
    description: text('My parcel arrived broken'),
    demand: text('Pay me for the vase'),
  }),
  ev.classified({ incidentId: 'INC-7' }),
  {
    type: 'ComplaintFlaggedAbnormal',
    data: { complaintId: COMPLAINT_ID, reason: text('asks for too much'), flaggedAt: T.classified },
  },
  ev.acknowledged(),
  ev.interimReplySent({ statusTold: text('told Ms Wang the hub is checking') }),
  ev.dispatched({ instructions: text('call Ms Wang at home') }),
  {
    type: 'DispatchReturned',
    data: {
      complaintId: COMPLAINT_ID,
      dispatchId: 'D1',
      result: text('spoke to her husband'),
      returnedAt: T.dispatchReturned,
      overdue: true,
    },
  },
  ev.escalated({ reason: text('customer threatens the press') }),
  {
    type: 'SuperiorNotifiedOfEscalation',
    data: { complaintId: COMPLAINT_ID, level: 1, notifiedAt: T.handling },
  },
  ev.findingRecorded({
    what: text('crushed'),
    who: text('Ms Wang and driver Li'),
    where: text('her flat'),
    when: T.handling,
    customerWants: text('refund'),
  }),
  ev.causesAttributed(),
  ev.proposed({
    options: [{ kind: 'compensation', amount: 900, note: text('for Ms Wang') }],
    totalAmount: 900,
  }),
  {
    type: 'ResolutionRejected',
    data: {
      complaintId: COMPLAINT_ID,
      proposalId: 'P1',
      rejectedBy: 'S2001',
      reason: text('too generous'),
      rejectedAt: T.handling,
    },
  },
  ev.proposed({
    proposalId: 'P2',
    options: [{ kind: 'apology', note: text('sorry Ms Wang') }],
    totalAmount: 0,
  }),
  ev.approved({ proposalId: 'P2', note: text('fine') }),
  {
    type: 'ResolutionRejectedByCustomer',
    data: { complaintId: COMPLAINT_ID, proposalId: 'P2', reason: text('not enough'), rejectedAt: T.handling },
  },
  ev.acceptedByCustomer({ proposalId: 'P2' }),
  ev.implemented({ proposalId: 'P2', note: text('apologised at her door') }),
  ev.finalReplySent({ summary: text('Dear Ms Wang') }),
  ev.followUpRecorded({ comment: text('she wants a call before noon') }),
  ev.consequenceDecided({ level: 'points-deducted', points: 2 }),
  ev.appealFiled({ reason: text('not my fault') }),
  ev.appealDecided({ outcome: 'upheld', note: text('camera shows otherwise') }),
  ev.closed(),
  ev.reopened({ reason: text('the new vase broke too') }),
  ev.withdrawn({ reason: text('moving abroad') }),
  ev.mergedInto({ reason: text('same as her phone call') }),
  {
    type: 'DuplicateComplaintMerged',
    data: {
      complaintId: TARGET_ID,
      duplicateComplaintId: COMPLAINT_ID,
      duplicateChannel: 'counter',
      mergedAt: T.handling,
    },
  },
  actionEv.proposed({ description: text('retrain the driver who met Ms Wang') }),
  actionEv.started(),
  {
    type: 'CorrectiveActionCompleted',
    data: { actionId: 'ca-1', note: text('done'), overdue: false, completedAt: T.closed },
  },
  {
    type: 'CorrectiveActionVerified',
    data: {
      actionId: 'ca-1',
      effective: true,
      note: text('no more calls from her'),
      verifiedBy: 'S2001',
      verifiedAt: T.reopened,
    },
  },
];

describe('no personal data in any analytics row', () => {
  const events = everyEventType();
  const projection = project(events);
  const dump = JSON.stringify(projection.rows);

  it('covers every event type of both aggregates, all applied', () => {
    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set([...COMPLAINT_EVENT_TYPES, ...CORRECTIVE_ACTION_EVENT_TYPES]),
    );
    expect(projection.outcomes).toEqual({ applied: events.length, duplicate: 0, rejected: 0 });
  });

  it('holds no name, contact, description, demand, reason, note, comment or other free text', () => {
    expect(dump).not.toContain(PII);
    expect(dump).not.toContain(PHONE);
    expect(dump).not.toContain(EMAIL);
    expect(dump).not.toMatch(/Wang|王芳/);
  });

  it('names the customer only by the keyed hash of their reference', () => {
    expect(dump).not.toContain(CUSTOMER_REFERENCE);
    expect(projection.rows.complaints.map((row) => row.customer_key)).toEqual([
      ctx.customerKey(CUSTOMER_REFERENCE),
      ctx.customerKey(CUSTOMER_REFERENCE),
    ]);
    expect(ctx.customerKey(CUSTOMER_REFERENCE)).toMatch(/^[0-9a-f]{64}$/);
  });
});
