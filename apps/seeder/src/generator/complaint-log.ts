/**
 * A small log of complaint histories as live traffic would append it: one command's events per step,
 * the steps of many complaints interleaved. The commands go through the domain's deciders on the
 * seeder's decided streams (`ComplaintStream`), with the preset taxonomy and the default policy, so
 * every event is one the command service could have stored; random but reproducible (seeded, event ids
 * included). The projector's and the pipeline's tests and the report-latency measurement use it, where
 * `generateHistories` makes a year's realistic data set whole stream by whole stream.
 */
import {
  DEFAULT_POLICY,
  type DecisionContext,
  complaintStream,
  decideMerge,
  defaultTaxonomy,
} from '@app/complaints';
import type { RecordedEvent, StreamAppend } from '@app/event-store';
import { HOUR_MS, MINUTE_MS } from './calendar';
import { ComplaintStream } from './decided-stream';
import { Rng } from './random';

/** The events of one command, appended together to one stream. */
export type HistoryStep = Pick<StreamAppend, 'streamId' | 'events'>;

export interface ComplaintLog {
  /** Interleaved across complaints as live traffic would be; each stream's own order is kept. */
  steps: HistoryStep[];
  eventCount: number;
  complaintCount: number;
}

export interface ComplaintLogOptions {
  complaints: number;
  seed?: number;
  /** Complaint ids are `${idPrefix}-${n}`; give each log appended to one store its own prefix. */
  idPrefix?: string;
  /** The first registration; later ones follow every few minutes. */
  start?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Builds the commands of one complaint's life, advancing its own clock. */
class Life {
  constructor(
    private readonly rng: Rng,
    readonly stream: ComplaintStream,
    public now: number,
    private readonly clerk: string,
  ) {}

  private meta(stepMinutes: [number, number] = [10, 180], actor = this.clerk) {
    const [from, to] = stepMinutes;
    this.now += (from + this.rng.next() * (to - from)) * MINUTE_MS;
    return { now: iso(this.now), actor: { id: actor } };
  }

  register(businessLine: string, customer: string, acceptanceNumber: string): void {
    const line = defaultTaxonomy().line(businessLine)!;
    const metadata = this.meta([0, 5]);
    this.stream.decide({
      type: 'RegisterComplaint',
      data: {
        complaintId: this.stream.complaintId,
        acceptanceNumber,
        businessLine,
        channel: this.rng.pick(line.channels).code,
        receivedAt: metadata.now,
        customer: {
          reference: customer,
          name: `Customer ${customer}`,
          contact: { phone: '+86 10 5555 0000' },
        },
        description: 'Generated complaint',
        demand: 'A fix',
        receivedBy: { jobNumber: this.clerk, orgUnit: `branch-${Math.floor(this.rng.next() * 12)}` },
      },
      metadata,
    });
  }

  classify(): void {
    const line = defaultTaxonomy().line(this.stream.open.businessLine)!;
    this.stream.decide({
      type: 'ClassifyComplaint',
      data: {
        complaintId: this.stream.complaintId,
        category: this.rng.pick(line.categories).code,
        severity: this.rng.chance(0.8) ? 'minor' : 'serious',
        responsibility: this.rng.pick(['at-fault', 'not-at-fault', 'undetermined'] as const),
        form: this.rng.pick(['attitude', 'quality'] as const),
      },
      metadata: this.meta([5, 60]),
    });
  }

  flagAbnormal(): void {
    this.stream.decide({
      type: 'FlagComplaintAbnormal',
      data: { complaintId: this.stream.complaintId, reason: 'Repeated unfounded demands' },
      metadata: this.meta([5, 30]),
    });
  }

  acknowledge(immediate: boolean): void {
    this.stream.decide({
      type: 'AcknowledgeComplaint',
      data: {
        complaintId: this.stream.complaintId,
        mode: immediate ? 'immediate' : 'deferred',
        contactMethod: this.rng.pick(['phone', 'sms', 'email'] as const),
        ...(immediate ? { reply: 'Answered on the spot' } : {}),
      },
      metadata: this.meta([5, 60]),
    });
  }

  interimReply(): void {
    const deadline = Date.parse(this.stream.open.deadlineInForce!);
    this.stream.decide({
      type: 'SendInterimReply',
      data: {
        complaintId: this.stream.complaintId,
        statusTold: 'Still investigating',
        nextDeadline: iso(deadline + 24 * HOUR_MS),
      },
      metadata: this.meta([5, 30]),
    });
  }

  dispatchAndReturn(n: number): void {
    const dispatchId = `D${n}`;
    const sent = this.meta([5, 60]);
    const dueAt = Date.parse(sent.now) + 4 * HOUR_MS;
    this.stream.decide({
      type: 'DispatchComplaint',
      data: {
        complaintId: this.stream.complaintId,
        dispatchId,
        assigneeKind: this.rng.chance(0.5) ? 'handler' : 'department',
        assignee: this.rng.chance(0.5) ? `S${4000 + Math.floor(this.rng.next() * 20)}` : 'back-office',
        instructions: 'Check and report',
        dueAt: iso(dueAt),
      },
      metadata: sent,
    });
    this.stream.decide({
      type: 'ReturnDispatch',
      data: { complaintId: this.stream.complaintId, dispatchId, result: 'Checked' },
      metadata: this.meta([30, 360]),
    });
  }

  escalate(): void {
    this.stream.decide({
      type: 'EscalateComplaint',
      data: { complaintId: this.stream.complaintId, toLevel: 1, reason: 'Customer insists', urgent: false },
      metadata: this.meta([5, 60]),
    });
  }

  investigate(): void {
    const line = defaultTaxonomy().line(this.stream.open.businessLine)!;
    this.stream.decide({
      type: 'RecordInvestigationFinding',
      data: {
        complaintId: this.stream.complaintId,
        sources: ['customer', 'records'],
        what: 'Found the cause',
      },
      metadata: this.meta([30, 240]),
    });
    const count = this.rng.chance(0.3) ? 2 : 1;
    const codes = new Set<string>();
    while (codes.size < count) codes.add(this.rng.pick(line.causes).code);
    this.stream.decide({
      type: 'AttributeRootCauses',
      data: {
        complaintId: this.stream.complaintId,
        causes: [...codes].map((causeCode, i) => ({
          causeCode,
          responsibleUnit: `unit-${Math.floor(this.rng.next() * 8)}`,
          ...(i === 0 && this.rng.chance(0.4)
            ? { staffJobNumber: `S${3000 + Math.floor(this.rng.next() * 30)}` }
            : {}),
        })),
      },
      metadata: this.meta([10, 60]),
    });
  }

  finalReply(late: boolean): void {
    const deadline = Date.parse(this.stream.open.deadlineInForce ?? iso(this.now));
    if (late && this.now < deadline) this.now = deadline;
    this.stream.decide({
      type: 'SendFinalReply',
      data: { complaintId: this.stream.complaintId, summary: 'Resolved', contactMethod: 'phone' },
      metadata: this.meta(late ? [60, 600] : [10, 120]),
    });
  }

  followUp(): void {
    this.stream.decide({
      type: 'RecordFollowUp',
      data: {
        complaintId: this.stream.complaintId,
        method: this.rng.pick(['phone', 'email'] as const),
        level: this.rng.pick(['clerk', 'team-lead'] as const),
        answers: {
          resultSatisfaction: this.rng.pick(['satisfied', 'neutral', 'dissatisfied'] as const),
          timeliness: this.rng.pick(['timely', 'neutral', 'late'] as const),
          attitudeSatisfaction: this.rng.pick(['satisfied', 'neutral', 'dissatisfied'] as const),
          wouldReuse: this.rng.pick(['yes', 'unsure', 'no'] as const),
        },
      },
      metadata: this.meta([60, 1_440]),
    });
  }

  close(): void {
    this.stream.decide({
      type: 'CloseComplaint',
      data: { complaintId: this.stream.complaintId },
      metadata: this.meta([10, 240]),
    });
  }

  reopen(): void {
    this.stream.decide({
      type: 'ReopenComplaint',
      data: { complaintId: this.stream.complaintId, reason: 'The problem came back' },
      metadata: this.meta([1_440, 4_320]),
    });
  }

  withdraw(): void {
    this.stream.decide({
      type: 'WithdrawComplaint',
      data: { complaintId: this.stream.complaintId, reason: 'Sorted out directly' },
      metadata: this.meta([30, 600]),
    });
  }

  appeal(): void {
    const cause = this.stream.open.causes.find((c) => c.staffJobNumber !== undefined);
    if (!cause) return;
    this.stream.decide({
      type: 'FileCauseAppeal',
      data: {
        complaintId: this.stream.complaintId,
        causeId: cause.causeId,
        staffJobNumber: cause.staffJobNumber!,
        reason: 'Not my shift',
      },
      metadata: this.meta([60, 600], cause.staffJobNumber),
    });
    this.stream.decide({
      type: 'DecideCauseAppeal',
      data: {
        complaintId: this.stream.complaintId,
        causeId: cause.causeId,
        outcome: this.rng.chance(0.5) ? 'upheld' : 'rejected',
        note: 'Reviewed',
      },
      metadata: this.meta([60, 600], 'S2001'),
    });
  }

  /** Acknowledged to reply (or closed), with the optional steps along the way. */
  handle(): void {
    this.classify();
    if (this.rng.chance(0.08)) this.flagAbnormal();
    const immediate = this.rng.chance(0.15);
    this.acknowledge(immediate);
    if (!immediate) {
      if (this.rng.chance(0.2)) this.interimReply();
      if (this.rng.chance(0.3)) this.dispatchAndReturn(1);
      if (this.rng.chance(0.15)) this.escalate();
      if (this.rng.chance(0.75)) this.investigate();
      this.finalReply(this.rng.chance(0.2));
    }
    if (this.rng.chance(0.7)) this.followUp();
    if (this.rng.chance(0.85)) this.close();
  }
}

/**
 * `complaints` complaints: most handled to a final reply and closed, some reopened (half of those
 * handled again), some withdrawn, some still open, and some merged as duplicates into an earlier open
 * complaint of the same customer.
 */
export function generateComplaintLog(options: ComplaintLogOptions): ComplaintLog {
  const seed = options.seed ?? 20260302;
  const rng = new Rng(seed);
  const context: DecisionContext = { taxonomy: defaultTaxonomy(), policy: DEFAULT_POLICY };
  const lines = defaultTaxonomy()
    .businessLines()
    .map((line) => line.businessLine);
  const prefix = options.idPrefix ?? 'gen';
  const start = Date.parse(options.start ?? '2026-01-05T01:00:00.000Z');
  const customers = Math.max(1, Math.floor(options.complaints / 3));
  const streams: ComplaintStream[] = [];

  for (let n = 0; n < options.complaints; n++) {
    const clerk = `S${1000 + Math.floor(rng.next() * 50)}`;
    const life = new Life(
      rng,
      complaintOf(`${prefix}-${n}`, seed, context),
      start + n * 7 * MINUTE_MS,
      clerk,
    );
    streams.push(life.stream);
    const businessLine = rng.pick(lines);
    const customer = `${prefix}-cust-${Math.floor(rng.next() * customers)}`;
    life.register(businessLine, customer, `${prefix.toUpperCase()}-${String(n).padStart(7, '0')}`);
    const path = rng.next();
    if (path < 0.06 && n + 1 < options.complaints) {
      // A duplicate from another channel, merged into this one while it is open; this one goes on.
      life.classify();
      const duplicate = new Life(rng, complaintOf(`${prefix}-${n}-dup`, seed, context), life.now, clerk);
      streams.push(duplicate.stream);
      duplicate.register(businessLine, customer, `${prefix.toUpperCase()}-${String(n).padStart(7, '0')}-D`);
      const metadata = { now: iso(duplicate.now + 30 * MINUTE_MS), actor: { id: clerk } };
      const merge = {
        type: 'MergeComplaint' as const,
        data: {
          complaintId: duplicate.stream.complaintId,
          intoComplaintId: life.stream.complaintId,
          reason: 'Same matter',
        },
        metadata,
      };
      const decided = decideMerge(merge, duplicate.stream.state, life.stream.state, context);
      duplicate.stream.record(decided.duplicate, merge.metadata);
      life.stream.record(decided.target, merge.metadata);
      life.now = Date.parse(metadata.now);
      life.acknowledge(false);
      life.investigate();
      life.finalReply(false);
      life.close();
    } else if (path < 0.12) {
      life.classify();
      life.acknowledge(false);
      life.withdraw();
      if (rng.chance(0.8)) life.close();
    } else if (path < 0.2) {
      // Still open: registered, or classified, or acknowledged.
      if (rng.chance(0.6)) life.classify();
      if (life.stream.open.classification && rng.chance(0.5)) life.acknowledge(false);
    } else {
      life.handle();
      if (life.stream.open.status === 'closed' && life.stream.open.causes.length > 0 && rng.chance(0.15))
        life.appeal();
      if (life.stream.open.status === 'closed' && rng.chance(0.12)) {
        life.reopen();
        if (rng.chance(0.5)) {
          life.acknowledge(false);
          life.finalReply(false);
          life.close();
        }
      }
    }
  }
  const steps = interleave(rng, streams);
  return {
    steps,
    eventCount: steps.reduce((sum, step) => sum + step.events.length, 0),
    complaintCount: streams.length,
  };
}

const complaintOf = (complaintId: string, seed: number, context: DecisionContext) =>
  new ComplaintStream(complaintId, complaintStream(complaintId), seed, context);

/** A stream's history cut into its commands: the events one command decided share its correlation id. */
function commandSteps({ streamId, events }: StreamAppend): HistoryStep[] {
  const steps: HistoryStep[] = [];
  for (const event of events) {
    const last = steps[steps.length - 1];
    if (last && last.events[0]!.metadata.correlationId === event.metadata.correlationId)
      last.events.push(event);
    else steps.push({ streamId, events: [event] });
  }
  return steps;
}

/** Round-robin over a sliding window of streams, a random step at a time: live-looking traffic. */
function interleave(rng: Rng, streams: readonly ComplaintStream[]): HistoryStep[] {
  const queues = streams.map((stream) => commandSteps(stream.toAppend()));
  const out: HistoryStep[] = [];
  const window: number[] = [];
  let next = 0;
  while (next < queues.length || window.length > 0) {
    while (window.length < 25 && next < queues.length) window.push(next++);
    const slot = Math.floor(rng.next() * window.length);
    const queue = queues[window[slot]];
    out.push(queue.shift()!);
    if (queue.length === 0) window.splice(slot, 1);
  }
  return out;
}

/** The log as the store would record it: revisions per stream from 0, positions from 1, in step order. */
export function recordLog(log: ComplaintLog, firstPosition = 1n): RecordedEvent[] {
  const revisions = new Map<string, number>();
  let position = firstPosition;
  return log.steps.flatMap((step) =>
    step.events.map((event) => {
      const streamRevision = revisions.get(step.streamId) ?? 0;
      revisions.set(step.streamId, streamRevision + 1);
      return {
        ...event,
        streamId: step.streamId,
        streamRevision,
        globalPosition: position++,
        recordedAt: new Date(Date.parse(event.metadata.occurredAt) + 1_000),
      };
    }),
  );
}
