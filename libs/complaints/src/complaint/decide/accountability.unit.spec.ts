import { cmd } from '../../test-support/complaint-commands';
import { causesAttributed, ev, investigated } from '../../test-support/complaint-events';
import { given } from '../../test-support/decider-spec';
import { COMPLAINT_ID, NAMED_STAFF, SUPERVISOR, T, withPolicy } from '../../test-support/fixtures';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintEvent } from '../complaint.events';
import { foldComplaint } from '../complaint.state';
import { DEFAULT_POLICY } from '../../policy/complaint-policy';

const decided = (data: Partial<{ level: string; points: number; decidedBy: string }> = {}) =>
  ev.consequenceDecided(data);

describe('DecideCauseConsequence', () => {
  describe('given no complaint', () => {
    it('reports the complaint as not found', () =>
      given([]).when(cmd.decideConsequence()).thenThrows(E.NOT_FOUND));
  });

  describe('given an investigated complaint without causes', () => {
    it('refuses: no cause is attributed', () =>
      given(investigated()).when(cmd.decideConsequence()).thenThrows(E.UNKNOWN_CAUSE_ID, 'causeId'));
  });

  describe('given a cause naming a staff member', () => {
    it('records the supervisor’s decision on the ladder', () =>
      given(causesAttributed())
        .when(cmd.decideConsequence({ level: 'warning' }))
        .then([
          {
            type: 'CauseConsequenceDecided',
            data: {
              complaintId: COMPLAINT_ID,
              causeId: 'C1',
              level: 'warning',
              decidedBy: SUPERVISOR,
              decidedAt: T.handling,
            },
          },
        ]));

    it('records the points deducted on a points rung', () =>
      given(causesAttributed())
        .when(cmd.decideConsequence({ level: 'points-deducted', points: 3 }))
        .then([decided({ level: 'points-deducted', points: 3 })]));

    it.each([0, -2, 1.5])('refuses %p points', (points) =>
      given(causesAttributed())
        .when(cmd.decideConsequence({ level: 'points-deducted', points }))
        .thenThrows(E.CONSEQUENCE_POINTS_REQUIRED, 'points'),
    );

    it('refuses a level the line’s ladder does not have', () =>
      given(causesAttributed())
        .when(cmd.decideConsequence({ level: 'dismissal' }))
        .thenThrows(E.CONSEQUENCE_UNKNOWN_LEVEL, 'level'));

    it('refuses the named staff member deciding their own consequence', () =>
      given(causesAttributed())
        .when(cmd.decideConsequence({}, { actor: NAMED_STAFF }))
        .thenThrows(E.CONSEQUENCE_SELF_DECISION, 'causeId'));

    it('keeps the consequence in the state', () =>
      expect(foldComplaint([...causesAttributed(), decided()])).toMatchObject({
        causes: [{ causeId: 'C1', consequence: { level: 'warning', decidedBy: SUPERVISOR } }],
      }));
  });

  describe('given a line with its own ladder', () => {
    const ladders = {
      default: DEFAULT_POLICY.consequenceLadders.default,
      byBusinessLine: {
        postal: [
          { level: 'none', labels: { 'zh-CN': '无', en: 'None' } },
          { level: 'retraining', labels: { 'zh-CN': '培训', en: 'Retraining' } },
        ],
      },
    };
    it('decides by that ladder', () =>
      given(causesAttributed(), withPolicy({ consequenceLadders: ladders }))
        .when(cmd.decideConsequence({ level: 'retraining' }))
        .then([decided({ level: 'retraining' })]));

    it('refuses the default ladder’s levels it does not have', () =>
      given(causesAttributed(), withPolicy({ consequenceLadders: ladders }))
        .when(cmd.decideConsequence({ level: 'warning' }))
        .thenThrows(E.CONSEQUENCE_UNKNOWN_LEVEL, 'level'));
  });

  describe('given a consequence already decided', () => {
    it('refuses a second decision: only an appeal changes it', () =>
      given([...causesAttributed(), decided()])
        .when(cmd.decideConsequence({ level: 'notice' }))
        .thenThrows(E.CONSEQUENCE_ALREADY_DECIDED, 'causeId'));
  });

  describe('given an open appeal on the cause', () => {
    it('refuses until the appeal is decided', () =>
      given([...causesAttributed(), ev.appealFiled()])
        .when(cmd.decideConsequence())
        .thenThrows(E.CONSEQUENCE_APPEAL_OPEN, 'causeId'));
  });

  describe('given a rejected appeal on the cause', () => {
    it('decides the consequence', () =>
      given([...causesAttributed(), ev.appealFiled(), ev.appealDecided()])
        .when(cmd.decideConsequence())
        .then([decided()]));
  });

  describe('given a cause without staff, on a unit', () => {
    it('decides the unit’s consequence', () =>
      given([
        ...investigated(),
        ev.causesAttributed({
          causes: [{ causeId: 'C1', family: 'facilities', causeCode: 'supplies', responsibleUnit: 'hub-2' }],
        }),
      ])
        .when(cmd.decideConsequence({ level: 'notice' }))
        .then([decided({ level: 'notice' })]));
  });

  describe('given a merged complaint', () => {
    it('refuses', () =>
      given([...causesAttributed(), ev.mergedInto()])
        .when(cmd.decideConsequence())
        .thenThrows(E.MERGED));
  });
});

describe('DecideCauseAppeal on a cause with a consequence', () => {
  const appealed = (level = 'warning', points?: number): ComplaintEvent[] => [
    ...causesAttributed(),
    decided(points === undefined ? { level } : { level, points }),
    ev.appealFiled(),
  ];

  describe('given an open appeal against a warning', () => {
    it('rejected: the warning stands', () =>
      given(appealed())
        .when(cmd.decideAppeal())
        .then([ev.appealDecided({ consequenceAfter: { level: 'warning' } })]));

    it('upheld without a revision: the ladder’s lowest rung', () =>
      given(appealed())
        .when(cmd.decideAppeal({ outcome: 'upheld', note: 'Not at fault' }))
        .then([
          ev.appealDecided({ outcome: 'upheld', note: 'Not at fault', consequenceAfter: { level: 'none' } }),
        ]));

    it('upheld with a lower rung: that rung', () =>
      given(appealed())
        .when(cmd.decideAppeal({ outcome: 'upheld', revisedConsequence: { level: 'notice' } }))
        .then([ev.appealDecided({ outcome: 'upheld', consequenceAfter: { level: 'notice' } })]));

    it('refuses a revision that is not lower', () =>
      given(appealed())
        .when(cmd.decideAppeal({ outcome: 'upheld', revisedConsequence: { level: 'warning' } }))
        .thenThrows(E.CONSEQUENCE_NOT_LOWER, 'revisedConsequence'));

    it('refuses a revision on a rejected appeal', () =>
      given(appealed())
        .when(cmd.decideAppeal({ revisedConsequence: { level: 'none' } }))
        .thenThrows(E.APPEAL_REVISION_ON_REJECTED, 'revisedConsequence'));

    it('refuses a revision to a level the ladder does not have', () =>
      given(appealed())
        .when(cmd.decideAppeal({ outcome: 'upheld', revisedConsequence: { level: 'pardon' } }))
        .thenThrows(E.CONSEQUENCE_UNKNOWN_LEVEL, 'revisedConsequence.level'));

    it('the state carries the lowered consequence, decided by the appeal’s decider', () =>
      expect(
        foldComplaint([
          ...appealed(),
          ev.appealDecided({ outcome: 'upheld', decidedBy: 'S2002', consequenceAfter: { level: 'notice' } }),
        ]),
      ).toMatchObject({
        causes: [{ appeal: 'upheld', consequence: { level: 'notice', decidedBy: 'S2002' } }],
      }));
  });

  describe('given an open appeal against the lowest rung', () => {
    it('upheld without a revision: the consequence stands where it is', () =>
      given(appealed('none'))
        .when(cmd.decideAppeal({ outcome: 'upheld' }))
        .then([ev.appealDecided({ outcome: 'upheld', consequenceAfter: { level: 'none' } })]));

    it('refuses a revision to the same rung', () =>
      given(appealed('none'))
        .when(cmd.decideAppeal({ outcome: 'upheld', revisedConsequence: { level: 'none' } }))
        .thenThrows(E.CONSEQUENCE_NOT_LOWER, 'revisedConsequence'));
  });

  describe('given an open appeal against 5 points deducted', () => {
    it('upheld with fewer points on the same rung: lowered', () =>
      given(appealed('points-deducted', 5))
        .when(
          cmd.decideAppeal({
            outcome: 'upheld',
            revisedConsequence: { level: 'points-deducted', points: 2 },
          }),
        )
        .then([
          ev.appealDecided({ outcome: 'upheld', consequenceAfter: { level: 'points-deducted', points: 2 } }),
        ]));

    it('refuses as many points again', () =>
      given(appealed('points-deducted', 5))
        .when(
          cmd.decideAppeal({
            outcome: 'upheld',
            revisedConsequence: { level: 'points-deducted', points: 5 },
          }),
        )
        .thenThrows(E.CONSEQUENCE_NOT_LOWER, 'revisedConsequence'));
  });

  describe('given an open appeal on a cause without a consequence', () => {
    it('upheld: no consequence to lower', () =>
      given([...causesAttributed(), ev.appealFiled()])
        .when(cmd.decideAppeal({ outcome: 'upheld' }))
        .then([ev.appealDecided({ outcome: 'upheld' })]));

    it('refuses a revision', () =>
      given([...causesAttributed(), ev.appealFiled()])
        .when(cmd.decideAppeal({ outcome: 'upheld', revisedConsequence: { level: 'none' } }))
        .thenThrows(E.CONSEQUENCE_NONE_DECIDED, 'revisedConsequence'));
  });

  describe('given an upheld appeal', () => {
    it('refuses a consequence afterwards: the attribution was withdrawn', () =>
      given([...causesAttributed(), ev.appealFiled(), ev.appealDecided({ outcome: 'upheld' })])
        .when(cmd.decideConsequence())
        .thenThrows(E.CONSEQUENCE_ATTRIBUTION_WITHDRAWN, 'causeId'));
  });
});
