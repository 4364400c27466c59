import { type StreamAppend } from '../decided-stream';
import { DAY_MS, localDayOf } from '../calendar';

type Registration = { businessLine: string; orgUnit: string; receivedAt: number };
type Cause = { causeCode: string; responsibleUnit: string };
type Action = {
  businessLine: string;
  causeCodes: string[];
  orgUnits: string[];
  startedAt?: number;
  completedAt?: number;
  effective?: boolean;
};

/**
 * Aggregates of a generated data set, gathered in one pass so the histories themselves are not kept:
 * what the realism checks count (registrations per day and line, attributed causes dated by their
 * complaint's registration, incidents, corrective actions, and how often each event type occurs).
 */
export class HistoryStats {
  readonly eventTypes = new Map<string, number>();
  readonly registrationsByDay = new Map<number, number>();
  readonly registrationsByLine = new Map<string, number>();
  readonly causeCounts = new Map<string, number>();
  /** Registration instants of attributed causes by `line|unit|cause`, for counting over time windows. */
  readonly causeTimes = new Map<string, number[]>();
  readonly incidents = new Map<string, { registration: Registration; causes: Map<string, number> }>();
  readonly actions: Action[] = [];
  /** Lifecycle varieties that are not an event type of their own. */
  readonly varieties = new Map<string, number>();
  streams = 0;
  events = 0;

  private bump(map: Map<string, number>, key: string, by = 1): void {
    map.set(key, (map.get(key) ?? 0) + by);
  }

  add(append: StreamAppend): void {
    this.streams += 1;
    this.events += append.events.length;
    for (const event of append.events) this.bump(this.eventTypes, event.type);
    if (append.events[0]?.type === 'CorrectiveActionProposed') this.addAction(append);
    else this.addComplaint(append);
  }

  private addComplaint(append: StreamAppend): void {
    let registration: Registration | undefined;
    let causes: Cause[] = [];
    let excluded = false;
    let interimReplies = 0;
    let incidentId: string | undefined;
    for (const { type, data } of append.events) {
      const d = data as Record<string, unknown>;
      if (type === 'ComplaintRegistered') {
        const receivedBy = d.receivedBy as { orgUnit: string };
        registration = {
          businessLine: d.businessLine as string,
          orgUnit: receivedBy.orgUnit,
          receivedAt: Date.parse(d.receivedAt as string),
        };
        const day = localDayOf(registration.receivedAt);
        this.registrationsByDay.set(day, (this.registrationsByDay.get(day) ?? 0) + 1);
        this.bump(this.registrationsByLine, registration.businessLine);
      }
      if (type === 'ComplaintClassified' && typeof d.incidentId === 'string') incidentId = d.incidentId;
      if (type === 'ComplaintFlaggedAbnormal' || type === 'ComplaintMergedInto') excluded = true;
      if (type === 'RootCausesAttributed') causes = d.causes as Cause[];
      if (type === 'InterimReplySent') interimReplies += 1;
      if (type === 'ComplaintAcknowledged') this.bump(this.varieties, `acknowledged-${d.mode as string}`);
      if (type === 'DispatchReturned' && d.overdue) this.bump(this.varieties, 'dispatch-overdue');
      if (type === 'CauseAppealDecided') this.bump(this.varieties, `appeal-${d.outcome as string}`);
      if (type === 'FinalReplySent' && d.onTime === false)
        this.bump(this.varieties, interimReplies > 0 ? 'late-after-interim' : 'late-without-interim');
      if (type === 'ComplaintEscalated' && d.urgent) this.bump(this.varieties, 'escalated-urgently');
    }
    if (!registration || excluded) return;
    for (const cause of causes) {
      this.bump(this.causeCounts, cause.causeCode);
      const key = `${registration.businessLine}|${cause.responsibleUnit}|${cause.causeCode}`;
      const times = this.causeTimes.get(key) ?? [];
      times.push(registration.receivedAt);
      this.causeTimes.set(key, times);
    }
    if (incidentId === undefined) return;
    const incident = this.incidents.get(incidentId) ?? { registration, causes: new Map<string, number>() };
    if (registration.receivedAt < incident.registration.receivedAt) incident.registration = registration;
    for (const cause of causes) this.bump(incident.causes, cause.causeCode);
    this.incidents.set(incidentId, incident);
  }

  private addAction(append: StreamAppend): void {
    const action: Action = { businessLine: '', causeCodes: [], orgUnits: [] };
    for (const { type, data } of append.events) {
      const d = data as Record<string, unknown>;
      if (type === 'CorrectiveActionProposed')
        Object.assign(action, {
          businessLine: d.businessLine,
          causeCodes: d.causeCodes,
          orgUnits: d.orgUnits,
        });
      if (type === 'CorrectiveActionStarted') action.startedAt = Date.parse(d.startedAt as string);
      if (type === 'CorrectiveActionCompleted') action.completedAt = Date.parse(d.completedAt as string);
      if (type === 'CorrectiveActionVerified') action.effective = d.effective as boolean;
    }
    this.actions.push(action);
  }

  /** Attributed causes of `line|unit|cause` whose complaint was registered in [from, to). */
  countCause(key: string, from: number, to: number): number {
    return (this.causeTimes.get(key) ?? []).filter((t) => t >= from && t < to).length;
  }

  static readonly WEEK_MS = 7 * DAY_MS;
}
