import { createHash } from 'node:crypto';
import {
  type CommandMetadata,
  type ComplaintForm,
  type ComplaintPolicy,
  type ContactMethod,
  type CustomerDetails,
  type FollowUpAnswers,
  type ResolutionOption,
  type Responsibility,
  type Severity,
  approvalThresholdFor,
  consequenceLadderFor,
} from '@app/complaints';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './calendar';
import { type ComplaintStream } from './decided-stream';
import { type LineProfile, CLERKS_PER_UNIT, staff } from './line-profiles';
import { type Rng, Weighted, drawIndex } from './random';

/** Thrown when a step would happen at or after the data set's end: the complaint stays as it is. */
export class BeyondHorizon extends Error {
  constructor() {
    super('beyond the horizon');
  }
}

/** What a complaint is about and who handles it, drawn before its first command. */
export type ComplaintProfile = {
  line: LineProfile;
  unit: number;
  channel: string;
  category: string;
  severity: Severity;
  responsibility: Responsibility;
  form: ComplaintForm;
  /** The cause an investigation finds; a second one is sometimes added. */
  causeCode: string;
  incidentId?: string;
  customer: CustomerDetails;
  clerk: string;
  receivedAt: number;
  abnormal: boolean;
};

const iso = (ms: number) => new Date(ms).toISOString();

const DEMANDS = ['尽快处理并答复', '赔偿损失', '赔礼道歉', '退还费用', '说明原因', '更正错误'];
const CONTACT_METHODS = new Weighted<ContactMethod>(
  ['phone', 'sms', 'email', 'letter', 'in-person'],
  [60, 18, 12, 4, 6],
);
const SATISFACTION_ON_TIME = [0.66, 0.24, 0.1];
const SATISFACTION_LATE = [0.42, 0.3, 0.28];

/** Follow-up answers lean positive, worse when the reply was late (skewed like real surveys). */
const followUpAnswers = (rng: Rng, onTime: boolean): FollowUpAnswers => {
  const three = <T>(values: readonly [T, T, T], weights: number[]) => new Weighted(values, weights).draw(rng);
  const resultSatisfaction = three(
    ['satisfied', 'neutral', 'dissatisfied'] as const,
    onTime ? SATISFACTION_ON_TIME : SATISFACTION_LATE,
  );
  return {
    resultSatisfaction,
    timeliness: three(['timely', 'neutral', 'late'] as const, onTime ? [0.8, 0.16, 0.04] : [0.15, 0.3, 0.55]),
    attitudeSatisfaction: three(['satisfied', 'neutral', 'dissatisfied'] as const, [0.72, 0.2, 0.08]),
    wouldReuse: three(
      ['yes', 'unsure', 'no'] as const,
      resultSatisfaction === 'satisfied'
        ? [0.86, 0.11, 0.03]
        : resultSatisfaction === 'neutral'
          ? [0.55, 0.35, 0.1]
          : [0.22, 0.4, 0.38],
    ),
  };
};

/**
 * The commands of one complaint's life, each decided on its stream at the complaint's own clock. The
 * clock only moves forward; a step that would reach the horizon ends the life there (recent complaints
 * stay open, as they would in a live system).
 */
export class ComplaintLife {
  now: number;
  private interimIntended = false;
  /** When the handler expects to give the final reply: what an interim reply's next deadline covers. */
  private expectedReplyAt = 0;
  private proposals = 0;
  private dispatches = 0;

  constructor(
    private readonly rng: Rng,
    readonly stream: ComplaintStream,
    readonly profile: ComplaintProfile,
    private readonly policy: ComplaintPolicy,
    private readonly horizon: number,
  ) {
    this.now = profile.receivedAt;
  }

  private get id(): string {
    return this.stream.complaintId;
  }

  private get lead(): string {
    return staff.teamLead(this.profile.line, this.profile.unit);
  }

  private get manager(): string {
    return staff.manager(this.profile.line, this.profile.unit);
  }

  /** Moves the clock to `time` (seconds precision, never backwards) and gives the command's metadata. */
  private at(time: number, actor = this.profile.clerk): CommandMetadata {
    this.now = Math.max(this.now, Math.floor(time / 1000) * 1000);
    if (this.now >= this.horizon) throw new BeyondHorizon();
    return { now: iso(this.now), actor: { id: actor } };
  }

  private after(minutes: [number, number], actor?: string): CommandMetadata {
    return this.at(this.now + this.rng.between(minutes[0], minutes[1]) * MINUTE_MS, actor);
  }

  /**
   * A handling step at `time`. When the reply deadline would pass first and the handler means to keep
   * the customer informed, the interim reply goes out before it, with the next deadline.
   */
  private work(time: number, actor?: string): CommandMetadata {
    const deadline = this.deadline();
    if (
      this.interimIntended &&
      deadline !== undefined &&
      time >= deadline &&
      deadline - this.now > MINUTE_MS
    ) {
      this.interimIntended = false;
      this.interimReply(this.now + (deadline - this.now) * this.rng.between(0.3, 0.95));
    }
    return this.at(time, actor);
  }

  private deadline(): number | undefined {
    const s = this.stream.open;
    return s.replyMode === 'deferred' && s.deadlineInForce ? Date.parse(s.deadlineInForce) : undefined;
  }

  register(acceptanceNumber: string, categoryLabel: string): void {
    const p = this.profile;
    this.stream.decide({
      type: 'RegisterComplaint',
      data: {
        complaintId: this.id,
        acceptanceNumber,
        businessLine: p.line.businessLine,
        channel: p.channel,
        receivedAt: iso(p.receivedAt),
        customer: p.customer,
        description: `客户反映：${categoryLabel}`,
        demand: this.rng.pick(DEMANDS),
        receivedBy: { jobNumber: p.clerk, orgUnit: p.line.units[p.unit]! },
      },
      // Registered within minutes of receipt, never past the horizon the arrival lies before.
      metadata: this.at(Math.min(p.receivedAt + this.rng.between(0, 8) * MINUTE_MS, this.horizon - 1000)),
    });
  }

  classify(): void {
    const p = this.profile;
    this.stream.decide({
      type: 'ClassifyComplaint',
      data: {
        complaintId: this.id,
        category: p.category,
        severity: p.severity,
        responsibility: p.responsibility,
        form: p.form,
        ...(p.incidentId ? { incidentId: p.incidentId } : {}),
      },
      metadata: this.after([2, 40]),
    });
  }

  flagAbnormal(): void {
    this.stream.decide({
      type: 'FlagComplaintAbnormal',
      data: { complaintId: this.id, reason: '无实际诉求，反复投诉索要不当补偿' },
      metadata: this.after([10, 240], this.lead),
    });
  }

  acknowledge(immediate: boolean): void {
    this.stream.decide({
      type: 'AcknowledgeComplaint',
      data: {
        complaintId: this.id,
        mode: immediate ? 'immediate' : 'deferred',
        contactMethod: CONTACT_METHODS.draw(this.rng),
        ...(immediate ? { reply: '当场解释并处理完毕' } : {}),
      },
      metadata: this.after(immediate ? [1, 20] : [3, 60]),
    });
  }

  private interimReply(time: number): void {
    const current = this.deadline()!;
    // Usually the new deadline covers the remaining work; sometimes it proves too short again.
    const next = Math.max(current + 12 * HOUR_MS, this.expectedReplyAt + this.rng.between(-12, 48) * HOUR_MS);
    this.stream.decide({
      type: 'SendInterimReply',
      data: { complaintId: this.id, statusTold: '正在调查核实，将于新时限前答复', nextDeadline: iso(next) },
      metadata: this.at(time),
    });
  }

  /**
   * Handling of a deferred reply up to the final reply: dispatches, escalation, investigation and cause
   * attribution, a resolution. Its pace is drawn against the reply deadline: most handlers finish well
   * inside it, a fifth run over, and of those most tell the customer in an interim reply first.
   */
  handleDeferred(options: { investigate: number; resolution: number; escalation: number }): void {
    const p = this.profile;
    const rng = this.rng;
    const slow = rng.chance(p.incidentId ? 0.35 : 0.2);
    this.interimIntended = slow && rng.chance(0.62);
    const dispatches = rng.chance(0.34) ? (rng.chance(0.2) ? 2 : 1) : 0;
    const escalation = rng.chance(options.escalation);
    const investigate = rng.chance(options.investigate);
    const resolution = rng.chance(options.resolution);
    const steps = dispatches * 2 + (escalation ? 1 : 0) + (investigate ? 2 : 0) + (resolution ? 3 : 0) + 1;
    const window = Math.max(2 * HOUR_MS, (this.deadline() ?? this.now + DAY_MS) - this.now);
    const pace = slow ? rng.between(1.1, 2.6) : rng.between(0.2, 0.9);
    const gap = () => ((window * pace) / steps) * rng.between(0.5, 1.5);
    this.expectedReplyAt = this.now + window * pace;

    for (let d = 0; d < dispatches; d++) this.dispatchAndReturn(gap);
    if (escalation) this.escalate(gap);
    if (investigate) {
      this.stream.decide({
        type: 'RecordInvestigationFinding',
        data: {
          complaintId: this.id,
          sources: rng.pick([
            ['customer', 'records'],
            ['customer', 'staff'],
            ['customer', 'staff', 'cctv'],
            ['records'],
          ]),
          what: '核实情况属实',
          customerWants: '尽快解决',
        },
        metadata: this.work(this.now + gap()),
      });
      this.attributeCauses(this.work(this.now + gap()));
    }
    if (resolution) this.resolve(gap);
    this.finalReply(this.work(this.now + gap()));
  }

  private dispatchAndReturn(gap: () => number): void {
    const rng = this.rng;
    const dispatchId = `D${++this.dispatches}`;
    const sent = this.work(this.now + gap() / 2);
    const span = Math.max(HOUR_MS, gap() * rng.between(1, 2.5));
    const dueAt = this.now + span;
    const department = rng.chance(0.55);
    this.stream.decide({
      type: 'DispatchComplaint',
      data: {
        complaintId: this.id,
        dispatchId,
        assigneeKind: department ? 'department' : 'handler',
        assignee: department
          ? rng.pick(['back-office', 'delivery-team', 'it-support', 'billing-centre'])
          : staff.clerk(this.profile.line, this.profile.unit, rng.int(0, CLERKS_PER_UNIT - 1)),
        instructions: '请核实情况并回单',
        dueAt: iso(dueAt),
      },
      metadata: sent,
    });
    const overdue = rng.chance(0.16);
    const returnAt = overdue
      ? dueAt + rng.between(0.5, 30) * HOUR_MS
      : this.now + span * rng.between(0.25, 0.95);
    this.stream.decide({
      type: 'ReturnDispatch',
      data: { complaintId: this.id, dispatchId, result: '已核实，情况属实' },
      metadata: this.work(returnAt, this.lead),
    });
  }

  /**
   * Level by level, usually one step; a serious case may go urgently straight to the branch manager or
   * beyond, and every level skipped is told afterwards.
   */
  private escalate(gap: () => number): void {
    const rng = this.rng;
    const levels = this.policy.escalationLevels.length;
    const current = this.stream.open.escalationLevel;
    if (current >= levels - 1) return;
    const urgent = this.profile.severity !== 'minor' && rng.chance(0.25) && current + 2 < levels;
    const toLevel = urgent ? rng.int(current + 2, levels - 1) : current + 1;
    this.stream.decide({
      type: 'EscalateComplaint',
      data: {
        complaintId: this.id,
        toLevel,
        reason: urgent ? '情况紧急，越级上报' : '超出处理权限',
        urgent,
      },
      metadata: this.work(this.now + gap(), this.lead),
    });
    this.notifySkippedLevels();
    if (!urgent && toLevel + 1 < levels && rng.chance(0.28)) this.escalate(gap);
  }

  /** The direct superiors of levels passed over are told within hours. */
  notifySkippedLevels(): void {
    for (const level of [...this.stream.open.pendingSuperiorNotices])
      this.stream.decide({
        type: 'NotifySuperiorOfEscalation',
        data: { complaintId: this.id, level },
        metadata: this.after([20, 360], this.manager),
      });
  }

  private attributeCauses(metadata: CommandMetadata): void {
    const p = this.profile;
    const rng = this.rng;
    const codes = [p.causeCode];
    if (rng.chance(0.15)) {
      const second = p.line.causes[drawIndex(p.line.causeWeights, rng)]!;
      if (second !== p.causeCode) codes.push(second);
    }
    const unit = (i: number) => (i === 0 || rng.chance(0.7) ? p.line.units[p.unit]! : rng.pick(p.line.units));
    this.stream.decide({
      type: 'AttributeRootCauses',
      data: {
        complaintId: this.id,
        causes: codes.map((causeCode, i) => ({
          causeCode,
          responsibleUnit: unit(i),
          ...(p.line.families.get(causeCode) === 'staff' && rng.chance(0.7)
            ? { staffJobNumber: staff.clerk(p.line, p.unit, rng.int(0, CLERKS_PER_UNIT - 1)) }
            : {}),
        })),
      },
      metadata,
    });
    this.decideConsequences(metadata);
  }

  /**
   * The branch manager decides each cause's consequence on the line's ladder, at once. The rung is drawn
   * from the complaint and cause ids (not from the life's generator, so the rest of the history is the same
   * as without it): serious complaints and staff causes weigh heavier, on the ladder's first five rungs.
   */
  private decideConsequences(metadata: CommandMetadata): void {
    const severity = this.stream.open.classification?.severity ?? 'minor';
    const ladder = consequenceLadderFor(this.policy, this.profile.line.businessLine);
    for (const cause of this.stream.open.causes) {
      if (cause.family === 'customer' || cause.consequence) continue;
      const draw =
        parseInt(createHash('sha256').update(`${this.id}/${cause.causeId}`).digest('hex').slice(0, 8), 16) /
        2 ** 32;
      const weights =
        severity === 'minor'
          ? [0.35, 0.35, 0.2, 0.08, 0.02]
          : cause.family === 'staff'
            ? [0.05, 0.2, 0.35, 0.28, 0.12]
            : [0.1, 0.3, 0.35, 0.2, 0.05];
      let rung = 0;
      for (
        let acc = weights[0]!;
        draw >= acc && rung < Math.min(weights.length, ladder.length) - 1;
        acc += weights[++rung]!
      );
      const chosen = ladder[rung]!;
      this.stream.decide({
        type: 'DecideCauseConsequence',
        data: {
          complaintId: this.id,
          causeId: cause.causeId,
          level: chosen.level,
          ...(chosen.withPoints ? { points: 1 + (Math.floor(draw * 1000) % 5) } : {}),
        },
        metadata: { ...metadata, actor: { id: this.manager } },
      });
    }
  }

  /** Options with money (skewed: mostly small amounts) or without; beyond the threshold a leader approves. */
  private options(): ResolutionOption[] {
    const rng = this.rng;
    const options: ResolutionOption[] = [{ kind: rng.chance(0.7) ? 'apology' : 'explanation' }];
    if (rng.chance(0.6)) {
      const kind = rng.pick(['refund', 'compensation', 'compensation', 'discount'] as const);
      options.push({ kind, amount: Math.round(rng.logBetween(10, 3000) / 10) * 10 || 10 });
    } else if (rng.chance(0.4))
      options.push({ kind: rng.pick(['goodwill-gift', 'correction', 'replacement']) });
    return options;
  }

  private propose(gap: () => number, options: ResolutionOption[]): string {
    const proposalId = `P${++this.proposals}`;
    this.stream.decide({
      type: 'ProposeResolution',
      data: { complaintId: this.id, proposalId, options },
      metadata: this.work(this.now + gap()),
    });
    return proposalId;
  }

  private resolve(gap: () => number): void {
    const rng = this.rng;
    let proposalId = this.propose(gap, this.options());
    if (this.stream.open.resolution?.status === 'awaiting-approval') {
      if (rng.chance(0.88))
        this.stream.decide({
          type: 'ApproveResolution',
          data: { complaintId: this.id, proposalId, note: '同意' },
          metadata: this.work(this.now + gap() / 2, this.manager),
        });
      else {
        this.stream.decide({
          type: 'RejectResolution',
          data: { complaintId: this.id, proposalId, reason: '补偿金额过高' },
          metadata: this.work(this.now + gap() / 2, this.manager),
        });
        const threshold = approvalThresholdFor(this.policy, this.profile.line.businessLine);
        proposalId = this.propose(gap, [
          { kind: 'apology' },
          {
            kind: 'compensation',
            amount: Math.max(10, Math.round((threshold * rng.between(0.2, 0.9)) / 10) * 10),
          },
        ]);
      }
    }
    if (rng.chance(0.12)) {
      this.stream.decide({
        type: 'RecordCustomerRejection',
        data: { complaintId: this.id, proposalId, reason: '不接受处理方案' },
        metadata: this.work(this.now + gap()),
      });
      if (rng.chance(0.4)) this.escalate(gap);
      proposalId = this.propose(gap, [{ kind: 'apology' }, { kind: 'goodwill-gift' }]);
    }
    const amount = this.stream.open.resolution?.totalAmount ?? 0;
    this.stream.decide({
      type: 'RecordCustomerAcceptance',
      data: { complaintId: this.id, proposalId, agreementSigned: rng.chance(amount > 0 ? 0.6 : 0.1) },
      metadata: this.work(this.now + gap()),
    });
    this.stream.decide({
      type: 'ImplementResolution',
      data: {
        complaintId: this.id,
        proposalId,
        implementedBy: rng.pick(['handler', 'finance', 'back-office']),
      },
      metadata: this.work(this.now + gap()),
    });
  }

  private finalReply(metadata: CommandMetadata): void {
    this.stream.decide({
      type: 'SendFinalReply',
      data: {
        complaintId: this.id,
        summary: '已处理完毕并答复客户',
        contactMethod: CONTACT_METHODS.draw(this.rng),
      },
      metadata,
    });
  }

  /** After the final reply, at a follow-up level; worse answers when the reply came late. */
  followUp(): void {
    const rng = this.rng;
    const s = this.stream.open;
    const late =
      s.deadlineInForce !== undefined && s.finalReplyAt !== undefined && s.finalReplyAt > s.deadlineInForce;
    this.stream.decide({
      type: 'RecordFollowUp',
      data: {
        complaintId: this.id,
        method: new Weighted(
          ['phone', 'email', 'letter', 'in-person', 'fax'] as const,
          [70, 12, 6, 8, 4],
        ).draw(rng),
        level: this.followUpLevel(),
        answers: followUpAnswers(rng, !late),
      },
      metadata: this.at(this.now + rng.logBetween(4, 120) * HOUR_MS, this.lead),
    });
  }

  /** Mostly by the clerk or the team lead, now and then by the branch manager. */
  private followUpLevel(): string {
    const levels = this.policy.escalationLevels.slice(0, 3);
    return new Weighted(levels, [55, 35, 10].slice(0, levels.length)).draw(this.rng);
  }

  /** Whether the policy lets the complaint close now (some policies want a follow-up first). */
  get mayClose(): boolean {
    const s = this.stream.open;
    return s.status !== 'replied' || !this.policy.requireFollowUpBeforeClose || s.followUpSinceReply;
  }

  close(): void {
    this.notifySkippedLevels();
    this.stream.decide({
      type: 'CloseComplaint',
      data: { complaintId: this.id },
      metadata: this.after([10, 2880], this.lead),
    });
  }

  reopen(): void {
    this.stream.decide({
      type: 'ReopenComplaint',
      data: { complaintId: this.id, reason: '问题再次出现，客户再次投诉' },
      metadata: this.at(this.now + this.rng.logBetween(1, 45) * DAY_MS),
    });
  }

  withdraw(): void {
    this.stream.decide({
      type: 'WithdrawComplaint',
      data: { complaintId: this.id, reason: '客户表示问题已自行解决' },
      metadata: this.after([30, 4320]),
    });
  }

  /** The staff member a cause names appeals it; about a third of appeals are upheld. */
  appeal(): void {
    const rng = this.rng;
    const cause = this.stream.open.causes.find(
      (c) => c.staffJobNumber !== undefined && c.appeal === undefined,
    );
    if (!cause?.staffJobNumber) return;
    this.stream.decide({
      type: 'FileCauseAppeal',
      data: {
        complaintId: this.id,
        causeId: cause.causeId,
        staffJobNumber: cause.staffJobNumber,
        reason: '当班记录显示非本人经办',
      },
      metadata: this.at(this.now + rng.between(1, 10) * DAY_MS, cause.staffJobNumber),
    });
    const upheld = rng.chance(0.35);
    this.stream.decide({
      type: 'DecideCauseAppeal',
      data: {
        complaintId: this.id,
        causeId: cause.causeId,
        outcome: upheld ? 'upheld' : 'rejected',
        note: upheld ? '经核实，责任认定有误' : '经核实，维持原认定',
      },
      metadata: this.at(this.now + rng.between(2, 14) * DAY_MS, this.manager),
    });
  }

  /** Moves the clock for a step decided outside this life (a merge spans two streams). */
  stepAt(time: number, actor?: string): CommandMetadata {
    return this.at(time, actor);
  }
}
