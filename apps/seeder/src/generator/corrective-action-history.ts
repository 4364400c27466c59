import { type CommandMetadata, type DecisionContext, correctiveActionStream } from '@app/complaints';
import { CorrectiveActionStream } from './decided-stream';
import { staff } from './line-profiles';
import { type ActionPlan, type World } from './world';

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

/**
 * A corrective action's history through the corrective-action decider: proposed at the meeting,
 * started, completed (on time or late) and verified, as far as the horizon allows.
 */
export const correctiveActionHistory = (
  world: World,
  plan: ActionPlan,
  context: DecisionContext,
): CorrectiveActionStream => {
  const line = world.profiles[plan.line]!;
  const owner = staff.manager(line, plan.units[0]!);
  const analyst = staff.analyst(line);
  const stream = new CorrectiveActionStream(correctiveActionStream(plan.actionId), world.seed, context);
  const at = (ms: number, actor: string): CommandMetadata | undefined =>
    ms < world.horizon ? { now: iso(ms), actor: { id: actor } } : undefined;
  const { actionId } = plan;

  const proposed = at(plan.meetingAt, analyst);
  if (!proposed) return stream;
  stream.decide({
    type: 'ProposeCorrectiveAction',
    data: {
      actionId,
      businessLine: line.businessLine,
      meetingDate: proposed.now,
      causeCodes: [plan.causeCode],
      orgUnits: plan.units.map((unit) => line.units[unit]!),
      description: `针对"${line.causeLabels.get(plan.causeCode) ?? plan.causeCode}"问题制定整改措施并落实到人`,
      owner,
      dueAt: iso(plan.dueAt),
    },
    metadata: proposed,
  });
  const started = at(plan.startAt, owner);
  if (!started) return stream;
  stream.decide({ type: 'StartCorrectiveAction', data: { actionId }, metadata: started });
  const completed = at(plan.completeAt, owner);
  if (!completed) return stream;
  stream.decide({
    type: 'CompleteCorrectiveAction',
    data: { actionId, note: '整改措施已全部落实' },
    metadata: completed,
  });
  const verified = at(plan.verifyAt, analyst);
  if (!verified) return stream;
  stream.decide({
    type: 'VerifyCorrectiveAction',
    data: {
      actionId,
      effective: plan.effective,
      note: plan.effective ? '同类投诉明显下降' : '同类投诉未见明显下降',
    },
    metadata: verified,
  });
  return stream;
};
