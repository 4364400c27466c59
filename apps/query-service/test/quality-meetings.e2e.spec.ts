import { type DomainEvent } from '@app/complaints';
import { actionEv } from '@app/complaints/test-support/corrective-action-builders';
import { EventLog } from '@app/analytics/test-support/event-log';
import { type QualityMeetingRecord, type QualityMeetingSummary } from '@app/analytics/kpi/quality-meetings';
import { ANALYST, bearer } from '@app/platform/auth/test-support';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';

const MEETING = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';
const ACTION = 'ca-meeting-1';

const meetingEvents: DomainEvent[] = [
  {
    type: 'QualityMeetingHeld',
    data: {
      meetingId: MEETING,
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
      meetingId: MEETING,
      findingId: 'f-1',
      causeCodes: ['sorting-error'],
      summary: 'Night-shift sorting errors doubled',
      recordedAt: '2026-03-09T02:10:00.000Z',
    },
  },
  {
    type: 'MeetingDecisionRecorded',
    data: {
      meetingId: MEETING,
      decisionId: 'd-1',
      findingId: 'f-1',
      actionId: ACTION,
      summary: 'Re-train the night shift',
      recordedAt: '2026-03-09T02:20:00.000Z',
    },
  },
  actionEv.proposed({ actionId: ACTION, meetingId: MEETING, decisionId: 'd-1' }),
  { type: 'CorrectiveActionStarted', data: { actionId: ACTION, startedAt: '2026-03-10T00:00:00.000Z' } },
];

/** The quality meetings on the read side: list, one record with its decisions' actions, scope, bad ids. */
describe('query service: quality meetings', () => {
  let service: QueryServiceUnderTest;
  const http = () => service.as(ANALYST);

  beforeAll(async () => {
    service = await startQueryService('meetings', new EventLog().recordAll(meetingEvents));
  });
  afterAll(() => service?.close());

  it('lists the meetings with their counts of findings and decisions', async () => {
    const response = await http().get('/reports/quality-meetings').query({ businessLine: 'postal' });
    expect(response.status).toBe(200);
    expect((response.body as { meetings: QualityMeetingSummary[] }).meetings).toEqual([
      {
        meetingId: MEETING,
        businessLine: 'postal',
        week: '2026-W10',
        orgUnits: ['hub-2'],
        heldAt: '2026-03-09T02:00:00.000Z',
        attendees: ['S2001', 'Q4001'],
        reviewedArchiveId: 'postal.2026-W10.*',
        chairedBy: 'S2001',
        findings: 1,
        decisions: 1,
      },
    ]);
    const later = await http().get('/reports/quality-meetings').query({ from: '2026-W11' });
    expect(later.body).toEqual({ meetings: [] });
  });

  it('reads one meeting: findings, and each decision with the action it proposed and its status', async () => {
    const response = await http().get(`/reports/quality-meetings/meeting?id=${MEETING}`);
    expect(response.status).toBe(200);
    const record = response.body as QualityMeetingRecord;
    expect(record.findings).toEqual([
      { findingId: 'f-1', causeCodes: ['sorting-error'], recordedAt: '2026-03-09T02:10:00.000Z' },
    ]);
    expect(record.decisions).toEqual([
      {
        decisionId: 'd-1',
        findingId: 'f-1',
        actionId: ACTION,
        recordedAt: '2026-03-09T02:20:00.000Z',
        action: expect.objectContaining({
          actionId: ACTION,
          status: 'started',
          verifiedAt: null,
          effective: null,
        }),
      },
    ]);
    expect(JSON.stringify(record)).not.toContain('Night-shift');
  });

  it('answers another unit’s meeting as a missing one, and refuses a unit outside the caller’s', async () => {
    const branch7 = bearer({ roles: ['analyst'], orgUnits: ['branch-7'], ttlSeconds: 3600 });
    const notYours = await service.as(branch7).get(`/reports/quality-meetings/meeting?id=${MEETING}`);
    const notThere = await http().get(
      '/reports/quality-meetings/meeting?id=00000000-0000-4000-8000-000000000000',
    );
    expect(notYours.status).toBe(404);
    expect(notThere.status).toBe(404);
    expect(notYours.body.code).toBe('QUALITY_MEETING.NOT_FOUND');
    expect(notYours.body.code).toBe(notThere.body.code);
    expect((await service.as(branch7).get('/reports/quality-meetings')).body).toEqual({ meetings: [] });
    const outside = await service.as(branch7).get('/reports/quality-meetings').query({ orgUnit: 'hub-2' });
    expect(outside.status).toBe(403);
    const hub2 = bearer({ roles: ['supervisor'], orgUnits: ['hub-2'], ttlSeconds: 3600 });
    expect((await service.as(hub2).get(`/reports/quality-meetings/meeting?id=${MEETING}`)).status).toBe(200);
  });

  it('refuses a malformed id and unknown parameters with the field and a stable code', async () => {
    const bad = await http().get('/reports/quality-meetings/meeting?id=not-a-uuid');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id', code: 'QUERY.INVALID_ID' })]);
    const unknown = await http().get('/reports/quality-meetings').query({ week: '2026-W10' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0]).toMatchObject({ field: 'week', code: 'QUERY.UNKNOWN_PARAMETER' });
  });
});
