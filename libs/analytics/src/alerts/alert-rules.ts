import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { type DomainEvent } from '@app/complaints';
import { poissonUpperTail } from '../kpi/shared';
import { SPIKE_RULE } from '../kpi/trends';

/**
 * Alerts raised as events arrive (and, for the rules about time passing, on a clock tick): a cause spike
 * by the pack's Poisson rule per day and per ISO week, a reply deadline at risk, an overdue reply, a repeat
 * customer, a corrective action past due. Each is raised once per (rule, key, period): its id is a hash of
 * the three, so a redelivered event or a second evaluator finds the same id. An alert carries codes,
 * counts, ids and a drill-down link, never personal data (no customer detail, no free text, no pseudonym).
 */
export const ALERT_RULES = [
  'cause-spike-daily',
  'cause-spike-weekly',
  'reply-deadline-at-risk',
  'reply-overdue',
  'repeat-customer',
  'corrective-action-overdue',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export type Alert = {
  alertId: string;
  rule: AlertRule;
  /** What the alert is about: `line/causeCode`, a complaint id, a corrective action id. */
  key: string;
  /** The day, ISO week or deadline it concerns. */
  period: string;
  businessLine: string;
  /** The org units the alert concerns (the receiving unit; an action's units): who may see it. */
  orgUnits: string[];
  figures: Record<string, number | string>;
  /** The dashboard page listing what is behind it. */
  link: string;
  raisedAt: string;
};

export type AlertPolicy = {
  timeZone: string;
  /** Hours before the reply deadline from which an unanswered complaint is at risk, per line and severity. */
  atRiskHours: { default: number; byLine?: Record<string, Partial<Record<string, number>>> };
  repeatWindowDays: number;
};

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  timeZone: 'Asia/Shanghai',
  atRiskHours: { default: 4 },
  repeatWindowDays: 30,
};

export const alertIdOf = (rule: AlertRule, key: string, period: string): string =>
  createHash('sha256').update(`${rule}\u0000${key}\u0000${period}`).digest('hex').slice(0, 32);

type OpenComplaint = {
  businessLine: string;
  orgUnit: string;
  severity?: string;
  deadline?: string;
  answered: boolean;
};

type OpenAction = { businessLine: string; orgUnits: string[]; dueAt: string; completed: boolean };

export type EventContext = { occurredAt: string; streamId: string };

/**
 * The evaluator's memory: counts of causes by line, code and local day; open complaints and actions; the
 * customers seen; the ids already raised. `raised` may be seeded with the ids a store holds, so that a
 * restarted evaluator raises nothing twice.
 */
export class AlertEvaluator {
  private readonly causeDays = new Map<string, Map<string, number>>();
  private readonly complaints = new Map<string, OpenComplaint>();
  private readonly actions = new Map<string, OpenAction>();
  private readonly customers = new Map<string, { at: string; line: string }[]>();
  private readonly seenEvents = new Set<string>();
  readonly raised = new Set<string>();

  constructor(
    private readonly policy: AlertPolicy = DEFAULT_ALERT_POLICY,
    raised: Iterable<string> = [],
  ) {
    for (const id of raised) this.raised.add(id);
  }

  /** The new alerts an event raises; an event seen before (same id) raises nothing and changes nothing. */
  onEvent(eventId: string, event: DomainEvent, context: EventContext): Alert[] {
    if (this.seenEvents.has(eventId)) return [];
    this.seenEvents.add(eventId);
    const alerts: Alert[] = [];
    switch (event.type) {
      case 'ComplaintRegistered': {
        const d = event.data;
        this.complaints.set(d.complaintId, {
          businessLine: d.businessLine,
          orgUnit: d.receivedBy.orgUnit,
          answered: false,
        });
        const customer = d.customer.pseudonym;
        if (customer) {
          const earlier = (this.customers.get(customer) ?? []).filter(
            (seen) =>
              seen.line === d.businessLine &&
              Date.parse(d.receivedAt) - Date.parse(seen.at) <= this.policy.repeatWindowDays * 86_400_000 &&
              Date.parse(seen.at) <= Date.parse(d.receivedAt),
          );
          if (earlier.length > 0)
            alerts.push(
              this.alert(
                'repeat-customer',
                d.complaintId,
                this.day(d.receivedAt),
                d.businessLine,
                [d.receivedBy.orgUnit],
                context,
                {
                  earlierComplaintsInWindow: earlier.length,
                  windowDays: this.policy.repeatWindowDays,
                },
                `/dashboard/complaints/${encodeURIComponent(d.complaintId)}`,
              ),
            );
          this.customers.set(customer, [
            ...(this.customers.get(customer) ?? []),
            { at: d.receivedAt, line: d.businessLine },
          ]);
        }
        break;
      }
      case 'ComplaintClassified':
        this.update(event.data.complaintId, { severity: event.data.severity });
        break;
      case 'ComplaintAcknowledged':
        this.update(event.data.complaintId, {
          deadline: event.data.replyDeadline,
          answered: event.data.mode === 'immediate',
        });
        break;
      case 'InterimReplySent':
        this.update(event.data.complaintId, { deadline: event.data.nextDeadline });
        break;
      case 'FinalReplySent':
      case 'ComplaintWithdrawn':
      case 'ComplaintMergedInto':
      case 'ComplaintClosed':
        this.update(event.data.complaintId, { answered: true });
        break;
      case 'ComplaintReopened':
        this.update(event.data.complaintId, { answered: false, deadline: undefined });
        break;
      case 'RootCausesAttributed': {
        const complaint = this.complaints.get(event.data.complaintId);
        if (!complaint) break;
        for (const cause of event.data.causes)
          alerts.push(...this.countCause(complaint, cause.causeCode, event.data.attributedAt, context));
        break;
      }
      case 'CorrectiveActionProposed':
        this.actions.set(event.data.actionId, {
          businessLine: event.data.businessLine,
          orgUnits: [...event.data.orgUnits],
          dueAt: event.data.dueAt,
          completed: false,
        });
        break;
      case 'CorrectiveActionCompleted': {
        const action = this.actions.get(event.data.actionId);
        if (action) action.completed = true;
        break;
      }
      default:
        break;
    }
    return alerts.filter((alert) => this.raiseOnce(alert));
  }

  /** The alerts time alone raises by `now`: deadlines at risk or passed, corrective actions past due. */
  tick(now: Date, context: Omit<EventContext, 'streamId'> = { occurredAt: now.toISOString() }): Alert[] {
    const alerts: Alert[] = [];
    const at = now.getTime();
    for (const [complaintId, c] of this.complaints) {
      if (c.answered || !c.deadline) continue;
      const deadline = Date.parse(c.deadline);
      const hours = this.atRiskHours(c.businessLine, c.severity);
      const link = `/dashboard/complaints/${encodeURIComponent(complaintId)}`;
      const ctx = { ...context, streamId: complaintId };
      if (at >= deadline)
        alerts.push(
          this.alert(
            'reply-overdue',
            complaintId,
            c.deadline,
            c.businessLine,
            [c.orgUnit],
            ctx,
            { hoursOverdue: Math.floor((at - deadline) / 3_600_000) },
            link,
          ),
        );
      else if (at >= deadline - hours * 3_600_000)
        alerts.push(
          this.alert(
            'reply-deadline-at-risk',
            complaintId,
            c.deadline,
            c.businessLine,
            [c.orgUnit],
            ctx,
            { hoursLeft: Math.floor((deadline - at) / 3_600_000), atRiskHours: hours },
            link,
          ),
        );
    }
    for (const [actionId, action] of this.actions)
      if (!action.completed && at > Date.parse(action.dueAt))
        alerts.push(
          this.alert(
            'corrective-action-overdue',
            actionId,
            action.dueAt,
            action.businessLine,
            action.orgUnits,
            { ...context, streamId: actionId },
            {
              daysOverdue: Math.floor((at - Date.parse(action.dueAt)) / 86_400_000),
            },
            '/dashboard/weekly-pack',
          ),
        );
    return alerts.filter((alert) => this.raiseOnce(alert));
  }

  private countCause(
    complaint: OpenComplaint,
    causeCode: string,
    at: string,
    context: EventContext,
  ): Alert[] {
    const series = `${complaint.businessLine}/${causeCode}`;
    const days = this.causeDays.get(series) ?? new Map<string, number>();
    this.causeDays.set(series, days);
    const local = DateTime.fromISO(at, { zone: this.policy.timeZone });
    const day = local.toISODate() as string;
    days.set(day, (days.get(day) ?? 0) + 1);
    const countDays = (from: DateTime, length: number) => {
      let total = 0;
      for (let i = 0; i < length; i++) total += days.get(from.plus({ days: i }).toISODate() as string) ?? 0;
      return total;
    };
    const alerts: Alert[] = [];
    const test = (rule: AlertRule, period: string, start: DateTime, lengthDays: number, link: string) => {
      const count = countDays(start, lengthDays);
      const baseline =
        countDays(
          start.minus({ days: lengthDays * SPIKE_RULE.baselineWeeks }),
          lengthDays * SPIKE_RULE.baselineWeeks,
        ) / SPIKE_RULE.baselineWeeks;
      const lambda = Math.max(baseline, SPIKE_RULE.baselineFloor);
      const probability = poissonUpperTail(count, lambda);
      if (count >= SPIKE_RULE.minimumCount && probability < SPIKE_RULE.significance)
        alerts.push(
          this.alert(
            rule,
            series,
            period,
            complaint.businessLine,
            [complaint.orgUnit],
            context,
            { count, baseline, lambda, probability, significance: SPIKE_RULE.significance },
            link,
          ),
        );
    };
    const dayStart = local.startOf('day');
    const weekStart = local.startOf('week');
    const week = `${weekStart.weekYear}-W${String(weekStart.weekNumber).padStart(2, '0')}`;
    const trend = (from: DateTime, to: DateTime) =>
      `/dashboard/trends?dimension=causeCode&granularity=day&from=${from.toISODate()}&to=${to.toISODate()}&businessLine=${encodeURIComponent(complaint.businessLine)}`;
    test('cause-spike-daily', day, dayStart, 1, trend(dayStart.minus({ days: 8 }), dayStart));
    test(
      'cause-spike-weekly',
      week,
      weekStart,
      7,
      trend(weekStart.minus({ weeks: 8 }), weekStart.plus({ days: 6 })),
    );
    return alerts;
  }

  private atRiskHours(line: string, severity: string | undefined): number {
    const byLine = this.policy.atRiskHours.byLine?.[line];
    return (
      (severity !== undefined ? byLine?.[severity] : undefined) ??
      byLine?.default ??
      this.policy.atRiskHours.default
    );
  }

  private update(complaintId: string, change: Partial<OpenComplaint>): void {
    const complaint = this.complaints.get(complaintId);
    if (complaint) this.complaints.set(complaintId, { ...complaint, ...change });
  }

  private day(instant: string): string {
    return DateTime.fromISO(instant, { zone: this.policy.timeZone }).toISODate() as string;
  }

  private alert(
    rule: AlertRule,
    key: string,
    period: string,
    businessLine: string,
    orgUnits: string[],
    context: EventContext,
    figures: Record<string, number | string>,
    link: string,
  ): Alert {
    return {
      alertId: alertIdOf(rule, key, period),
      rule,
      key,
      period,
      businessLine,
      orgUnits: [...new Set(orgUnits)].sort(),
      figures,
      link,
      raisedAt: context.occurredAt,
    };
  }

  private raiseOnce(alert: Alert): boolean {
    if (this.raised.has(alert.alertId)) return false;
    this.raised.add(alert.alertId);
    return true;
  }
}
