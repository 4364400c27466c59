import { type ComplaintEvent } from '@app/complaints';
import { ev } from '@app/complaints/test-support/complaint-events';
import { record } from '@app/analytics/test-support/projection-fixtures';
import type { RecordedEvent } from '@app/event-store';

/**
 * Complaints to search and work, timed around `now` so that overdue and due-soon hold when the test
 * runs. branch-12 received l1, l3, l4 and l7; branch-9 received l5 and l6, and dispatched l6 to branch-12
 * (a department), so a branch-12 caller sees l6 but never l5; telecom's branch-7 received l2.
 *
 *   l1 postal counter, upstream hotline-platform/HL-1, item-damaged serious, overdue (deadline 2 h ago)
 *   l2 telecom hotline-10086, billing minor, due in 3 h, dispatched to network-dept (open)
 *   l3 postal web, item-lost minor, due in 5 days, cause sorting-error, resolution awaiting approval
 *   l4 postal counter, cause staff-attitude with a pending appeal, replied on time
 *   l5 postal counter (branch-9), overdue, dispatched to handler S4001 (open)
 *   l6 postal counter (branch-9), dispatched to department branch-12 (open), registered only
 *   l7 postal letter, closed long ago
 */
export const complaintListScenario = (now = Date.now()): { events: RecordedEvent[]; now: number } => {
  const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();
  const id = (n: number) => `l${n}`;
  const registered = (n: number, hoursAgo: number, more: Partial<Parameters<typeof ev.registered>[0]> = {}) =>
    ev.registered({
      complaintId: id(n),
      acceptanceNumber: `PO-2026120${n}-000${n}`,
      receivedAt: at(-hoursAgo),
      ...more,
    });
  const events: ComplaintEvent[] = [
    registered(1, 72, { source: { system: 'hotline-platform', externalId: 'HL-1' } }),
    ev.classified({ complaintId: id(1), classifiedAt: at(-71), severity: 'serious' }),
    ev.acknowledged({ complaintId: id(1), acknowledgedAt: at(-70), replyDeadline: at(-2) }),

    registered(2, 48, {
      businessLine: 'telecom',
      channel: 'hotline-10086',
      acceptanceNumber: 'TC-20261202-0002',
      receivedBy: { jobNumber: 'T1001', orgUnit: 'branch-7' },
    }),
    ev.classified({ complaintId: id(2), classifiedAt: at(-47), category: 'billing' }),
    ev.acknowledged({ complaintId: id(2), acknowledgedAt: at(-46), replyDeadline: at(3) }),
    ev.dispatched({
      complaintId: id(2),
      dispatchId: 'D2',
      assigneeKind: 'department',
      assignee: 'network-dept',
      dispatchedAt: at(-45),
      dueAt: at(10),
    }),

    registered(3, 24, { channel: 'web' }),
    ev.classified({ complaintId: id(3), classifiedAt: at(-23), category: 'item-lost' }),
    ev.acknowledged({ complaintId: id(3), acknowledgedAt: at(-22), replyDeadline: at(120) }),
    ev.findingRecorded({ complaintId: id(3), recordedAt: at(-21) }),
    ev.causesAttributed({ complaintId: id(3), attributedAt: at(-20) }),
    ev.proposed({ complaintId: id(3), proposedAt: at(-19), requiresApproval: true, totalAmount: 900 }),

    registered(4, 240),
    ev.classified({ complaintId: id(4), classifiedAt: at(-239), category: 'service-attitude' }),
    ev.acknowledged({ complaintId: id(4), acknowledgedAt: at(-238), replyDeadline: at(-200) }),
    ev.findingRecorded({ complaintId: id(4), recordedAt: at(-237) }),
    ev.causesAttributed({
      complaintId: id(4),
      attributedAt: at(-236),
      causes: [{ causeId: 'C1', family: 'staff', causeCode: 'staff-attitude', responsibleUnit: 'branch-12' }],
    }),
    ev.finalReplySent({ complaintId: id(4), repliedAt: at(-230), deadlineInForce: at(-200), onTime: true }),
    ev.appealFiled({ complaintId: id(4), causeId: 'C1', filedAt: at(-229) }),

    registered(5, 96, { receivedBy: { jobNumber: 'S9001', orgUnit: 'branch-9' } }),
    ev.acknowledged({ complaintId: id(5), acknowledgedAt: at(-95), replyDeadline: at(-1) }),
    ev.dispatched({
      complaintId: id(5),
      dispatchId: 'D5',
      assigneeKind: 'handler',
      assignee: 'S4001',
      dispatchedAt: at(-94),
      dueAt: at(-50),
    }),

    registered(6, 120, { receivedBy: { jobNumber: 'S9001', orgUnit: 'branch-9' } }),
    ev.dispatched({
      complaintId: id(6),
      dispatchId: 'D6',
      assigneeKind: 'department',
      assignee: 'branch-12',
      dispatchedAt: at(-119),
      dueAt: at(24),
    }),

    registered(7, 720, { channel: 'letter' }),
    ev.acknowledged({ complaintId: id(7), acknowledgedAt: at(-719), replyDeadline: at(-600) }),
    ev.finalReplySent({ complaintId: id(7), repliedAt: at(-650), deadlineInForce: at(-600), onTime: true }),
    ev.closed({ complaintId: id(7), closedAt: at(-640) }),
  ];
  return { events: record(events), now };
};
