import { type WeeklyPackArchived, weeklyPackArchiveStream } from '@app/complaints';
import { EventLog } from '../test-support/event-log';
import { ctx, project } from '../test-support/projection-fixtures';
import { projectBatch } from './project-event';

const archived = (figures: Record<string, unknown>, orgUnit: string | null = null): WeeklyPackArchived => ({
  type: 'WeeklyPackArchived',
  data: {
    archiveId: orgUnit === null ? 'postal.2026-W10.*' : `postal.2026-W10.${orgUnit}`,
    businessLine: 'postal',
    week: '2026-W10',
    orgUnit,
    timeZone: 'Asia/Shanghai',
    definitionsVersion: 'sha256:0123456789abcdef',
    figures,
    generatedAt: '2026-03-09T00:00:00.000Z',
  },
});

describe('weekly_pack_archives projection', () => {
  it('keeps the archived figures exactly as recorded, with the line, week, unit and definitions version', () => {
    const figures = { volume: { count: 8, previousWeek: 3 }, timeliness: { rate: 4 / 6 } };
    const projection = project([archived(figures)]);
    expect(projection.outcomes).toEqual({ applied: 1, duplicate: 0, rejected: 0 });
    expect(projection.rows.weekly_pack_archives).toEqual([
      {
        archive_id: 'postal.2026-W10.*',
        version: 0,
        global_position: '1',
        business_line: 'postal',
        week: '2026-W10',
        org_unit: '',
        time_zone: 'Asia/Shanghai',
        definitions_version: 'sha256:0123456789abcdef',
        generated_at: '2026-03-09T00:00:00.000Z',
        figures: JSON.stringify(figures),
      },
    ]);
    expect(JSON.parse(projection.rows.weekly_pack_archives[0].figures)).toEqual(figures);
  });

  it('names the org unit of a unit pack', () => {
    const projection = project([archived({}, 'branch-7')]);
    expect(projection.rows.weekly_pack_archives[0]).toMatchObject({ org_unit: 'branch-7' });
  });

  it('gives the same row on a replay, and nothing on a redelivery', () => {
    const [event] = new EventLog().recordAll([archived({ volume: { count: 8 } })]);
    const first = projectBatch([event], ctx);
    expect(projectBatch([event], ctx).rows.weekly_pack_archives).toEqual(first.rows.weekly_pack_archives);
    const again = projectBatch([event], ctx, first.states);
    expect(again.outcomes).toEqual({ applied: 0, duplicate: 1, rejected: 0 });
    expect(again.rows.weekly_pack_archives).toEqual([]);
  });

  it('rejects an archive in a stream not its own, and a second event in an archive stream', () => {
    const log = new EventLog();
    const wrong = log.record(archived({}), { streamId: weeklyPackArchiveStream('postal.2026-W11.*') });
    expect(projectBatch([wrong], ctx).rows.rejected_events[0].reason).toMatch(/archiveId does not match/);
    const [first] = new EventLog().recordAll([archived({})]);
    const second = { ...first, eventId: '00000000-0000-4000-8000-0000000000ff', streamRevision: 1 };
    const batch = projectBatch([first, second], ctx);
    expect(batch.outcomes).toEqual({ applied: 1, duplicate: 0, rejected: 1 });
    expect(batch.rows.weekly_pack_archives).toHaveLength(1);
  });
});
