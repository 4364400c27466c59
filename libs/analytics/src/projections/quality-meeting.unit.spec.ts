import { type DomainEvent } from '@app/complaints';
import { actionEv } from '@app/complaints/test-support/corrective-action-builders';
import { project } from '../test-support/projection-fixtures';

const M = 'm-1';
const events: DomainEvent[] = [
  {
    type: 'QualityMeetingHeld',
    data: {
      meetingId: M,
      businessLine: 'postal',
      week: '2026-W10',
      orgUnits: ['hub-2'],
      heldAt: '2026-03-09T02:00:00.000Z',
      attendees: ['S2001', 'Q4001'],
      reviewedArchiveId: 'postal.2026-W10.*',
      chairedBy: 'S2001',
      recordedAt: '2026-03-09T02:00:00.000Z',
    },
  },
  {
    type: 'MeetingFindingRecorded',
    data: {
      meetingId: M,
      findingId: 'f-1',
      causeCodes: ['sorting-error'],
      summary: 'Customer Wang says sorting is bad',
      recordedAt: '2026-03-09T02:10:00.000Z',
    },
  },
  {
    type: 'MeetingDecisionRecorded',
    data: {
      meetingId: M,
      decisionId: 'd-1',
      findingId: 'f-1',
      actionId: 'ca-1',
      summary: 'Re-train',
      recordedAt: '2026-03-09T02:20:00.000Z',
    },
  },
];

describe('quality meeting projection', () => {
  it('keeps the meeting, its findings and its decisions, without their summaries', () => {
    const projection = project(events);
    expect(projection.outcomes).toEqual({ applied: 3, duplicate: 0, rejected: 0 });
    expect(projection.rows.quality_meetings).toEqual([
      {
        meeting_id: M,
        version: 0,
        global_position: '1',
        business_line: 'postal',
        week: '2026-W10',
        org_units: ['hub-2'],
        held_at: '2026-03-09T02:00:00.000Z',
        attendees: ['S2001', 'Q4001'],
        reviewed_archive_id: 'postal.2026-W10.*',
        chaired_by: 'S2001',
      },
    ]);
    expect(projection.rows.quality_meeting_items).toEqual([
      expect.objectContaining({
        item_id: 'f-1',
        kind: 'finding',
        cause_codes: ['sorting-error'],
        version: 1,
      }),
      expect.objectContaining({ item_id: 'd-1', kind: 'decision', finding_id: 'f-1', action_id: 'ca-1' }),
    ]);
    expect(JSON.stringify(projection.rows)).not.toContain('Wang');
  });

  it("names the meeting and the decision on the corrective action's row", () => {
    const projection = project([actionEv.proposed({ meetingId: M, decisionId: 'd-1' })]);
    expect(projection.rows.corrective_actions[0]).toMatchObject({ meeting_id: M, decision_id: 'd-1' });
    expect(project([actionEv.proposed()]).rows.corrective_actions[0]).toMatchObject({
      meeting_id: null,
      decision_id: null,
    });
  });
});
