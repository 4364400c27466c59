import { type DomainEvent } from '@app/complaints';

/**
 * Data sets for the org-unit scope tests, made from the hand-built scenarios: a copy of a scenario in
 * another region (every complaint and action renamed, its receiving and action units mapped), and a
 * data set cut down to what a scope may see. The copy keeps the customers and the causes' responsible
 * units, so that the two halves share repeat customers and cause keys: exactly what a scope must not
 * let leak from one half into the other.
 */

/** The receiving org unit of every complaint and the org units of every corrective action. */
export const unitsOf = (events: readonly DomainEvent[]) => {
  const complaints = new Map<string, string>();
  const actions = new Map<string, readonly string[]>();
  for (const event of events) {
    if (event.type === 'ComplaintRegistered')
      complaints.set(event.data.complaintId, event.data.receivedBy.orgUnit);
    if (event.type === 'CorrectiveActionProposed') actions.set(event.data.actionId, event.data.orgUnits);
  }
  return { complaints, actions };
};

/**
 * The scenario again with ids prefixed by `prefix` (complaints, the complaints merged into or from,
 * acceptance numbers, actions) and the receiving and action org units mapped by `units` (a unit it does
 * not name keeps its name).
 */
export const inAnotherRegion = (
  events: readonly DomainEvent[],
  prefix: string,
  units: Readonly<Record<string, string>>,
): DomainEvent[] => {
  const unit = (name: string) => units[name] ?? name;
  const RENAMED = ['complaintId', 'intoComplaintId', 'duplicateComplaintId', 'acceptanceNumber', 'actionId'];
  return events.map((event): DomainEvent => {
    const data: Record<string, unknown> = { ...event.data };
    for (const key of RENAMED)
      if (typeof data[key] === 'string') data[key] = `${prefix}${data[key] as string}`;
    if (event.type === 'ComplaintRegistered')
      data.receivedBy = { ...event.data.receivedBy, orgUnit: unit(event.data.receivedBy.orgUnit) };
    if (event.type === 'CorrectiveActionProposed') data.orgUnits = event.data.orgUnits.map(unit);
    return { type: event.type, data } as DomainEvent;
  });
};

/**
 * What a scope may see of `events`: the complaints its units received (every event of them) and the
 * corrective actions naming one of its units.
 */
export const restrictedTo = (events: readonly DomainEvent[], scope: readonly string[]): DomainEvent[] => {
  const { complaints, actions } = unitsOf(events);
  return events.filter((event) => {
    const data = event.data as { complaintId?: string; actionId?: string };
    if (data.actionId !== undefined)
      return (actions.get(data.actionId) ?? []).some((unit) => scope.includes(unit));
    return scope.includes(complaints.get(data.complaintId as string) ?? '');
  });
};
