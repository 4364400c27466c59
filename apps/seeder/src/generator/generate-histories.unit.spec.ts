import { createHash } from 'node:crypto';
import {
  type ComplaintEvent,
  type CorrectiveActionEvent,
  CORRECTIVE_ACTION_STREAM_PREFIX,
  foldComplaint,
  foldCorrectiveAction,
  upcast,
} from '@app/complaints';
import { localMidnight, parseDay } from './calendar';
import { type GeneratorOptions, type StreamAppend, generateHistories } from './generate-histories';
import { HistoryStats } from './test-support/history-stats';

const options: GeneratorOptions = { complaints: 3000, seed: 42, end: '2026-03-02' };

const digest = (appends: Iterable<StreamAppend>): string => {
  const hash = createHash('sha256');
  for (const append of appends) hash.update(JSON.stringify(append));
  return hash.digest('hex');
};

describe('generateHistories: determinism', () => {
  const small: GeneratorOptions = { complaints: 400, seed: 11, end: '2026-03-02', months: 6 };

  it('gives the very same appends, event ids included, for the same options', () =>
    expect(digest(generateHistories(small))).toBe(digest(generateHistories(small))));

  it('gives another data set for another seed', () =>
    expect(digest(generateHistories({ ...small, seed: 12 }))).not.toBe(digest(generateHistories(small))));

  it('gives other streams for another size or range, so data sets never collide in one store', () => {
    const ids = (o: GeneratorOptions) => new Set([...generateHistories(o)].map((a) => a.streamId));
    const base = ids(small);
    for (const other of [
      { ...small, complaints: 401 },
      { ...small, end: '2026-03-03' },
      { ...small, months: 5 },
    ])
      expect([...ids(other)].some((id) => base.has(id))).toBe(false);
  });
});

describe('generateHistories: the histories', () => {
  const appends = [...generateHistories(options)];
  const stats = new HistoryStats();
  appends.forEach((append) => stats.add(append));
  const horizon = localMidnight(parseDay(options.end));

  it('makes exactly the complaints asked for, each stream once, each appended whole to a new stream', () => {
    const complaints = appends.filter((a) => a.streamId.startsWith('complaint-'));
    expect(complaints).toHaveLength(options.complaints);
    expect(new Set(appends.map((a) => a.streamId)).size).toBe(appends.length);
    expect(appends.every((a) => a.expected === 'no-stream' && a.events.length > 0)).toBe(true);
    const eventIds = appends.flatMap((a) => a.events.map((e) => e.eventId));
    expect(new Set(eventIds).size).toBe(eventIds.length);
  });

  it('folds every stream through the evolve functions, in business-time order, before the end', () => {
    for (const { streamId, events } of appends) {
      const domain = events.map((e) => upcast(e.type, e.schemaVersion, e.data));
      const state = streamId.startsWith(CORRECTIVE_ACTION_STREAM_PREFIX)
        ? foldCorrectiveAction(domain as CorrectiveActionEvent[])
        : foldComplaint(domain as ComplaintEvent[]);
      expect(state.status).not.toBe('none');
      const times = events.map((e) => Date.parse(e.metadata.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(Math.max(...times)).toBeLessThan(horizon);
    }
  });

  it.each([
    'ComplaintMergedInto',
    'DuplicateComplaintMerged',
    'ComplaintFlaggedAbnormal',
    'ComplaintReopened',
    'ComplaintWithdrawn',
    'CauseAppealFiled',
    'CauseConsequenceDecided',
    'InterimReplySent',
    'ComplaintEscalated',
    'SuperiorNotifiedOfEscalation',
    'ResolutionApproved',
    'ResolutionRejected',
    'ResolutionRejectedByCustomer',
    'ResolutionImplemented',
    'FollowUpRecorded',
    'ComplaintClosed',
    'CorrectiveActionVerified',
  ])('includes %s', (type) => expect(stats.eventTypes.get(type) ?? 0).toBeGreaterThan(0));

  it.each([
    'acknowledged-immediate',
    'acknowledged-deferred',
    'dispatch-overdue',
    'escalated-urgently',
    'late-after-interim',
    'late-without-interim',
    'appeal-upheld',
    'appeal-rejected',
  ])('includes the variety %s', (variety) => expect(stats.varieties.get(variety) ?? 0).toBeGreaterThan(0));

  it('keeps the rare paths rare: a few % merged, abnormal, withdrawn', () => {
    for (const type of ['ComplaintMergedInto', 'ComplaintFlaggedAbnormal', 'ComplaintWithdrawn']) {
      const share = (stats.eventTypes.get(type) ?? 0) / options.complaints;
      expect(share).toBeGreaterThan(0.005);
      expect(share).toBeLessThan(0.08);
    }
  });

  it('leaves the most recent complaints open, as a live system would be', () => {
    const closed = stats.eventTypes.get('ComplaintClosed') ?? 0;
    expect(closed).toBeLessThan(options.complaints);
  });

  it('reuses customers, under pseudonymous references, so that repeat complaints exist', () => {
    const perCustomer = new Map<string, number>();
    for (const { events } of appends)
      for (const { type, data } of events)
        if (type === 'ComplaintRegistered') {
          const { reference } = (data as { customer: { reference: string } }).customer;
          expect(reference).toMatch(/^CUST-\d{6}$/);
          perCustomer.set(reference, (perCustomer.get(reference) ?? 0) + 1);
        }
    const repeat = [...perCustomer.values()].filter((n) => n > 1).length;
    expect(perCustomer.size).toBeLessThan(options.complaints);
    expect(repeat).toBeGreaterThan(perCustomer.size * 0.1);
  });
});
