import { randomUUID } from 'node:crypto';
import {
  correctiveActionStream,
  qualityMeetingStream,
  versioned,
  weeklyPackArchiveStream,
} from '@app/complaints';
import { AGENT, ANALYST, bearer } from '@app/platform/auth/test-support';
import { type Harness, SUPERVISOR, startCommandService } from './command-service.harness';

const ARCHIVE_ID = 'postal.2026-W10.*';

const meeting = (overrides: Record<string, unknown> = {}) => ({
  businessLine: 'postal',
  week: '2026-W10',
  orgUnits: ['hub-2'],
  heldAt: '2026-03-02T00:30:00Z',
  attendees: ['S2001', 'Q4001'],
  reviewedArchiveId: ARCHIVE_ID,
  ...overrides,
});

const decision = (overrides: Record<string, unknown> = {}) => ({
  summary: 'Re-train the night shift on sorting codes',
  causeCodes: ['sorting-error'],
  orgUnits: ['hub-2'],
  description: 'Two sessions for every night-shift sorter',
  owner: 'M3001',
  dueAt: '2026-03-20T00:00:00Z',
  ...overrides,
});

/**
 * The quality meeting over HTTP (PGlite): a supervisor or an analyst records the meeting that reviewed an
 * archived pack, its findings, and decisions that propose corrective actions linked both ways; scoped
 * callers reach only meetings of their units; bad input is refused before anything is stored.
 */
describe('command service: quality meetings', () => {
  let h: Harness;
  let meetingId: string;
  let findingId: string;

  const post = (path: string, credential: Record<string, string>, body: object, key?: string) => {
    const call = h.http().post(path).set(credential);
    return (key ? call.set('Idempotency-Key', key) : call).send(body);
  };

  beforeAll(async () => {
    h = await startCommandService('pglite');
    // The pack the meeting reviews, as the archiver records it.
    const archived = versioned({
      type: 'WeeklyPackArchived',
      data: {
        archiveId: ARCHIVE_ID,
        businessLine: 'postal',
        week: '2026-W10',
        orgUnit: null,
        timeZone: 'Asia/Shanghai',
        definitionsVersion: 'sha256:0123456789abcdef',
        figures: { volume: { count: 8 } },
        generatedAt: '2026-03-02T00:00:00.000Z',
      },
    });
    const id = randomUUID();
    await h.store.append(
      weeklyPackArchiveStream(ARCHIVE_ID),
      [
        {
          eventId: id,
          ...archived,
          metadata: { occurredAt: '2026-03-02T00:00:00.000Z', correlationId: id, causationId: id },
        },
      ],
      'no-stream',
    );
  });
  afterAll(() => h.close());

  it('records the meeting that reviewed the archived pack, chaired by the caller', async () => {
    const response = await post('/quality-meetings', SUPERVISOR, meeting());
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ version: 0, events: ['QualityMeetingHeld'], replayed: false });
    meetingId = response.body.meetingId;
    const [held] = await h.store.readStream(qualityMeetingStream(meetingId));
    expect(held).toMatchObject({
      type: 'QualityMeetingHeld',
      data: {
        meetingId,
        businessLine: 'postal',
        week: '2026-W10',
        orgUnits: ['hub-2'],
        attendees: ['S2001', 'Q4001'],
        reviewedArchiveId: ARCHIVE_ID,
        chairedBy: 'S2001',
      },
    });
  });

  it('refuses a pack that was never archived, and one of another week', async () => {
    const head = await h.store.headPosition();
    const unknown = await post(
      '/quality-meetings',
      SUPERVISOR,
      meeting({ reviewedArchiveId: 'postal.2026-W11.*' }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('QUALITY_MEETING.ARCHIVE_NOT_FOUND');
    const otherWeek = await post('/quality-meetings', SUPERVISOR, meeting({ week: '2026-W11' }));
    expect(otherWeek.status).toBe(422);
    expect(otherWeek.body.code).toBe('QUALITY_MEETING.ARCHIVE_OF_ANOTHER_WEEK');
    expect(await h.store.headPosition()).toBe(head);
  });

  it('records a finding and a decision that proposes a corrective action, linked both ways', async () => {
    const finding = await post(`/quality-meetings/${meetingId}/findings`, ANALYST, {
      causeCodes: ['sorting-error'],
      summary: 'Night-shift sorting errors doubled at hub-2',
    });
    expect(finding.status).toBe(201);
    findingId = finding.body.findingId;

    const decided = await post(
      `/quality-meetings/${meetingId}/decisions`,
      SUPERVISOR,
      decision({ findingId }),
    );
    expect(decided.status).toBe(201);
    const { decisionId, actionId } = decided.body as { decisionId: string; actionId: string };
    expect(decided.body).toMatchObject({ meetingId, events: ['MeetingDecisionRecorded'] });

    const meetingEvents = await h.store.readStream(qualityMeetingStream(meetingId));
    expect(meetingEvents.at(-1)).toMatchObject({
      type: 'MeetingDecisionRecorded',
      data: { decisionId, findingId, actionId },
    });
    const [proposed] = await h.store.readStream(correctiveActionStream(actionId));
    expect(proposed).toMatchObject({
      type: 'CorrectiveActionProposed',
      data: {
        actionId,
        businessLine: 'postal',
        meetingDate: '2026-03-02T00:30:00.000Z',
        causeCodes: ['sorting-error'],
        orgUnits: ['hub-2'],
        meetingId,
        decisionId,
      },
    });
    // The action is a corrective action like any other: it starts, completes and is verified as before.
    expect((await post(`/corrective-actions/${actionId}/start`, SUPERVISOR, {})).status).toBe(200);
  });

  it('records a decision once when the same request is sent again with its Idempotency-Key', async () => {
    const key = randomUUID();
    const first = await post(`/quality-meetings/${meetingId}/decisions`, SUPERVISOR, decision(), key);
    const again = await post(`/quality-meetings/${meetingId}/decisions`, SUPERVISOR, decision(), key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.actionId).toBe(first.body.actionId);
    expect(await h.store.readStream(correctiveActionStream(first.body.actionId))).toHaveLength(1);
    const decisions = (await h.store.readStream(qualityMeetingStream(meetingId))).filter(
      (event) => event.type === 'MeetingDecisionRecorded' && event.data.actionId === first.body.actionId,
    );
    expect(decisions).toHaveLength(1);
  });

  it('stores a decision and its corrective action together or neither: the loser of a race stores no action', async () => {
    const version = (await h.store.readStream(qualityMeetingStream(meetingId))).length - 1;
    const head = await h.store.headPosition();
    // Two decisions pinned to the same meeting version: one is recorded, the other answered 409.
    const answers = await Promise.all(
      [1, 2].map(() =>
        h
          .http()
          .post(`/quality-meetings/${meetingId}/decisions`)
          .set({ ...SUPERVISOR, 'If-Match': `"${version}"` })
          .send(decision()),
      ),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const winner = answers.find((answer) => answer.status === 201)!;
    const appended = (await h.store.readAll({ after: head, maxCount: 100 })).map((event) => event.streamId);
    // The winner's decision and action, and nothing of the loser's (no corrective action of its own).
    expect(appended.sort()).toEqual(
      [qualityMeetingStream(meetingId), correctiveActionStream(winner.body.actionId)].sort(),
    );
  });

  it('refuses, and stores nothing for, a decision with a bad action or an unknown finding', async () => {
    const head = await h.store.headPosition();
    const early = await post(
      `/quality-meetings/${meetingId}/decisions`,
      SUPERVISOR,
      decision({ dueAt: '2026-03-01T00:00:00Z' }),
    );
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CORRECTIVE_ACTION.DUE_BEFORE_MEETING');
    const unknown = await post(
      `/quality-meetings/${meetingId}/decisions`,
      SUPERVISOR,
      decision({ findingId: 'f-9' }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('QUALITY_MEETING.UNKNOWN_FINDING');
    expect(await h.store.headPosition()).toBe(head);
  });

  it('keeps meetings to their org units: another unit’s meeting answers as a missing one', async () => {
    const hub9 = bearer({ roles: ['supervisor'], subject: 'S2009', orgUnits: ['hub-9'] });
    const outside = await post('/quality-meetings', hub9, meeting({ orgUnits: ['hub-2'] }));
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('AUTH.OUT_OF_SCOPE');
    const notYours = await post(`/quality-meetings/${meetingId}/findings`, hub9, {
      causeCodes: ['sorting-error'],
      summary: 'x',
    });
    const notThere = await post(`/quality-meetings/${randomUUID()}/findings`, SUPERVISOR, {
      causeCodes: ['sorting-error'],
      summary: 'x',
    });
    expect(notYours.status).toBe(404);
    expect(notThere.status).toBe(404);
    expect(notYours.body.code).toBe(notThere.body.code);
    const decisionOutside = await post(
      `/quality-meetings/${meetingId}/decisions`,
      SUPERVISOR,
      decision({ orgUnits: ['hub-2', 'hub-3'] }),
    );
    expect(decisionOutside.status).toBe(201);
  });

  it('lets supervisors and analysts hold meetings, not agents; refuses bad input with field and reason', async () => {
    expect((await post('/quality-meetings', AGENT, meeting())).status).toBe(403);
    const bad = await post('/quality-meetings', SUPERVISOR, meeting({ week: '2026-10', attendees: [] }));
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as { field: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['week', 'attendees']));
  });
});
