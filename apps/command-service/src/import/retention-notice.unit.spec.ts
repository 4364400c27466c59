import { retentionNotice } from './retention-notice';

describe('what the import says about retention', () => {
  const now = new Date('2026-12-07T00:00:00.000Z');
  const settings = { retentionDays: 365, sweepIntervalMs: 3_600_000 };

  it('counts the imported complaints past retention, says who erases them and when the rest fall due', () => {
    const notice = retentionNotice(
      [
        '2024-05-01T00:00:00.000Z',
        '2025-12-06T23:00:00.000Z',
        '2026-01-10T00:00:00.000Z',
        '2026-03-02T00:00:00.000Z',
      ],
      settings,
      now,
    );
    expect(notice).toContain('the import erases nothing');
    expect(notice).toContain('2 of the imported complaints were closed before 2025-12-07');
    expect(notice).toContain("the command service's next sweep (every 60 min) or npm run erase-expired");
    expect(notice).toContain('2 more fall due between 2027-01-10 and 2027-03-02');
  });

  it('says so when nothing is due, and when the service does not sweep', () => {
    expect(retentionNotice([], settings, now)).toContain(
      'None of the imported complaints is past retention.',
    );
    expect(
      retentionNotice(['2020-01-01T00:00:00.000Z'], { ...settings, sweepIntervalMs: 0 }, now, true),
    ).toContain('1 of the checked complaints were closed before');
    expect(retentionNotice(['2020-01-01T00:00:00.000Z'], { ...settings, sweepIntervalMs: 0 }, now)).toContain(
      'PII_SWEEP_INTERVAL_MS=0',
    );
  });
});
