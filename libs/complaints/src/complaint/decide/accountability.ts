import { ensure, fail } from '../../shared/domain-error';
import { type ConsequenceRung, consequenceLadderFor } from '../../policy/complaint-policy';
import { type DecideCauseConsequence } from '../complaint.commands';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent, type ConsequenceDecision } from '../complaint.events';
import { type CauseState, type ComplaintState, type OpenComplaintState } from '../complaint.state';
import { type DecisionContext } from './context';
import { existing } from './guards';

export const causeOf = (s: OpenComplaintState, causeId: string): CauseState => {
  const cause = s.causes.find((c) => c.causeId === causeId);
  ensure(cause !== undefined, E.UNKNOWN_CAUSE_ID, `No attributed cause '${causeId}'`, 'causeId');
  return cause as CauseState;
};

/** The rung `level` names on the line's ladder, its points checked against what the rung states. */
const rungOf = (
  ladder: readonly ConsequenceRung[],
  decision: ConsequenceDecision,
  fieldPrefix: string,
): { rung: ConsequenceRung; rank: number } => {
  const rank = ladder.findIndex((rung) => rung.level === decision.level);
  if (rank < 0)
    fail(
      E.CONSEQUENCE_UNKNOWN_LEVEL,
      `Consequence level must be one of ${ladder.map((rung) => rung.level).join(', ')}`,
      `${fieldPrefix}level`,
    );
  const rung = ladder[rank] as ConsequenceRung;
  if (rung.withPoints)
    ensure(
      decision.points !== undefined && Number.isInteger(decision.points) && decision.points > 0,
      E.CONSEQUENCE_POINTS_REQUIRED,
      `'${rung.level}' states the points deducted: a whole number above 0`,
      `${fieldPrefix}points`,
    );
  else
    ensure(
      decision.points === undefined,
      E.CONSEQUENCE_POINTS_NOT_ALLOWED,
      `'${rung.level}' deducts no points`,
      `${fieldPrefix}points`,
    );
  return { rung, rank };
};

const decisionOf = (decision: ConsequenceDecision): ConsequenceDecision =>
  decision.points === undefined
    ? { level: decision.level }
    : { level: decision.level, points: decision.points };

/**
 * A supervisor decides the consequence of a cause attributed to a staff member or unit, once: the same
 * kind of fault must get the same consequence, so a decision is not edited afterwards — only an upheld
 * appeal lowers it. Not on a customer-side cause, not while an appeal on it is open, not by the staff
 * member the cause names.
 */
export const decideConsequence = (
  command: DecideCauseConsequence,
  state: ComplaintState,
  { policy }: DecisionContext,
): ComplaintEvent[] => {
  const s = existing(state);
  const { data, metadata } = command;
  const cause = causeOf(s, data.causeId);
  ensure(
    cause.family !== 'customer',
    E.CONSEQUENCE_CUSTOMER_SIDE,
    'A customer-side cause carries no accountability consequence',
    'causeId',
  );
  ensure(
    cause.consequence === undefined,
    E.CONSEQUENCE_ALREADY_DECIDED,
    'The consequence of this cause was decided; only an appeal changes it',
    'causeId',
  );
  ensure(
    cause.appeal !== 'open',
    E.CONSEQUENCE_APPEAL_OPEN,
    'An appeal on this cause is open: decide it first',
    'causeId',
  );
  ensure(
    cause.appeal !== 'upheld',
    E.CONSEQUENCE_ATTRIBUTION_WITHDRAWN,
    'An upheld appeal withdrew this attribution',
    'causeId',
  );
  ensure(
    cause.staffJobNumber !== metadata.actor.id,
    E.CONSEQUENCE_SELF_DECISION,
    'The staff member a cause names does not decide its consequence',
    'causeId',
  );
  rungOf(consequenceLadderFor(policy, s.businessLine), data, '');
  return [
    {
      type: 'CauseConsequenceDecided',
      data: {
        complaintId: s.complaintId,
        causeId: data.causeId,
        ...decisionOf(data),
        decidedBy: metadata.actor.id,
        decidedAt: metadata.now,
      },
    },
  ];
};

/**
 * The consequence in force after an appeal decision. A rejected appeal leaves it as it was and takes no
 * revision; an upheld one lowers it to the stated rung, by default the ladder's lowest.
 */
export const consequenceAfterAppeal = (
  s: OpenComplaintState,
  cause: CauseState,
  outcome: 'upheld' | 'rejected',
  revised: ConsequenceDecision | undefined,
  { policy }: DecisionContext,
): ConsequenceDecision | null => {
  const current = cause.consequence ? decisionOf(cause.consequence) : null;
  if (outcome === 'rejected') {
    ensure(
      revised === undefined,
      E.APPEAL_REVISION_ON_REJECTED,
      'A rejected appeal leaves the consequence as it was',
      'revisedConsequence',
    );
    return current;
  }
  if (current === null) {
    ensure(
      revised === undefined,
      E.CONSEQUENCE_NONE_DECIDED,
      'No consequence was decided on this cause',
      'revisedConsequence',
    );
    return null;
  }
  const ladder = consequenceLadderFor(policy, s.businessLine);
  const currentRank = ladder.findIndex((rung) => rung.level === current.level);
  // Upheld without a revision: the lowest rung, unless the consequence already stands there.
  if (revised === undefined && currentRank === 0) return current;
  const target = revised ?? { level: (ladder[0] as ConsequenceRung).level };
  const { rank } = rungOf(ladder, target, 'revisedConsequence.');
  ensure(
    rank < currentRank || (rank === currentRank && (target.points ?? 0) < (current.points ?? 0)),
    E.CONSEQUENCE_NOT_LOWER,
    'An upheld appeal lowers the consequence',
    'revisedConsequence',
  );
  return decisionOf(target);
};
