import { type ComplaintCauseRow, type ComplaintRow } from './analytics-rows';
import { type ComplaintFacts } from './event-facts';
import { type EventIdentity } from './projection-context';

type CauseFacts = Extract<
  ComplaintFacts,
  { type: 'RootCausesAttributed' | 'CauseAppealFiled' | 'CauseAppealDecided' | 'CauseConsequenceDecided' }
>;

export const isCauseFacts = (facts: ComplaintFacts): facts is CauseFacts =>
  facts.type === 'RootCausesAttributed' ||
  facts.type === 'CauseAppealFiled' ||
  facts.type === 'CauseAppealDecided' ||
  facts.type === 'CauseConsequenceDecided';

export type CausesChange =
  { ok: true; causes: ComplaintCauseRow[]; changed: ComplaintCauseRow[] } | { ok: false; reason: string };

const NO_CONSEQUENCE = {
  consequence_severity: null,
  decided_consequence: null,
  decided_points: null,
  consequence_decided_by: null,
  consequence_decided_at: null,
  consequence: null,
  consequence_points: null,
  appeal_decided_by: null,
} as const;

const afterFacts = (
  facts: Exclude<CauseFacts, { type: 'RootCausesAttributed' }>,
  complaint: ComplaintRow,
) => {
  switch (facts.type) {
    case 'CauseAppealFiled':
      return { appeal_filed_at: facts.data.filedAt, appeal_outcome: null, appeal_decided_at: null };
    case 'CauseConsequenceDecided':
      return {
        consequence_severity: complaint.severity,
        decided_consequence: facts.data.level,
        decided_points: facts.data.points ?? null,
        consequence_decided_by: facts.data.decidedBy,
        consequence_decided_at: facts.data.decidedAt,
        consequence: facts.data.level,
        consequence_points: facts.data.points ?? null,
      };
    case 'CauseAppealDecided': {
      const after = facts.data.consequenceAfter;
      return {
        appeal_outcome: facts.data.outcome,
        appeal_decided_at: facts.data.decidedAt,
        appeal_decided_by: facts.data.decidedBy,
        ...(after ? { consequence: after.level, consequence_points: after.points ?? null } : {}),
        // An upheld appeal strikes the cause out: it no longer counts against the unit or the staff.
        ...(facts.data.outcome === 'upheld'
          ? { active: 0 as const, deactivated_at: facts.data.decidedAt }
          : {}),
      };
    }
  }
};

const stamped = (row: ComplaintCauseRow, event: EventIdentity, change: Partial<ComplaintCauseRow>) => ({
  ...row,
  ...change,
  version: event.streamRevision,
  global_position: event.globalPosition,
});

/**
 * The complaint's cause rows after the event, and the rows it changed (to insert). An attribution
 * replaces the list, as in the domain: a cause it drops stays in the table with `active = 0`.
 */
export const evolveCauses = (
  causes: readonly ComplaintCauseRow[],
  complaint: ComplaintRow,
  facts: CauseFacts,
  event: EventIdentity,
): CausesChange => {
  if (facts.type === 'RootCausesAttributed') {
    const { attributedAt } = facts.data;
    const attributed = facts.data.causes.map((cause): ComplaintCauseRow => ({
      complaint_id: complaint.complaint_id,
      cause_id: cause.causeId,
      version: event.streamRevision,
      global_position: event.globalPosition,
      business_line: complaint.business_line,
      family: cause.family,
      cause_code: cause.causeCode,
      responsible_unit: cause.responsibleUnit,
      staff_job_number: cause.staffJobNumber ?? null,
      attributed_at: attributedAt,
      active: 1,
      deactivated_at: null,
      appeal_filed_at: null,
      appeal_outcome: null,
      appeal_decided_at: null,
      ...NO_CONSEQUENCE,
    }));
    const kept = new Set(attributed.map((cause) => cause.cause_id));
    const replaced = causes
      .filter((cause) => !kept.has(cause.cause_id))
      .map((cause) =>
        cause.active ? stamped(cause, event, { active: 0, deactivated_at: attributedAt }) : cause,
      );
    return {
      ok: true,
      causes: [...replaced, ...attributed],
      changed: [...replaced.filter((cause) => cause.version === event.streamRevision), ...attributed],
    };
  }

  const { causeId } = facts.data;
  const current = causes.find((cause) => cause.cause_id === causeId);
  if (!current) return { ok: false, reason: `${facts.type}: cause '${causeId}' was never attributed` };
  const next = stamped(current, event, afterFacts(facts, complaint));
  return {
    ok: true,
    causes: causes.map((cause) => (cause.cause_id === causeId ? next : cause)),
    changed: [next],
  };
};
