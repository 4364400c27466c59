import { givenArchive } from '../test-support/decider-spec';
import { type CommandMetadata } from '../shared/typing';
import {
  type ArchiveWeeklyPack,
  type WeeklyPackArchived,
  WeeklyPackArchiveErrors as E,
  weeklyPackArchiveId,
} from './weekly-pack-archive';

const NOW = '2026-03-09T00:00:00.000Z';
const metadata: CommandMetadata = { now: NOW, actor: { id: 'system:pack-archive' } };
const FIGURES = { volume: { count: 8 }, week: { id: '2026-W10' } };

const archive = (data: Partial<ArchiveWeeklyPack['data']> = {}): ArchiveWeeklyPack => ({
  type: 'ArchiveWeeklyPack',
  data: {
    businessLine: 'postal',
    week: '2026-W10',
    orgUnit: null,
    timeZone: 'Asia/Shanghai',
    definitionsVersion: 'sha256:0123456789abcdef',
    figures: FIGURES,
    ...data,
  },
  metadata,
});

const archived = (data: Partial<WeeklyPackArchived['data']> = {}): WeeklyPackArchived => ({
  type: 'WeeklyPackArchived',
  data: {
    archiveId: 'postal.2026-W10.*',
    businessLine: 'postal',
    week: '2026-W10',
    orgUnit: null,
    timeZone: 'Asia/Shanghai',
    definitionsVersion: 'sha256:0123456789abcdef',
    figures: FIGURES,
    generatedAt: NOW,
    ...data,
  },
});

describe('ArchiveWeeklyPack', () => {
  describe('given no archive of that line, week and unit', () => {
    it('records the figures, the definitions version and when they were generated', () =>
      givenArchive([]).when(archive()).then([archived()]));

    it("names one org unit's pack apart from the whole line's", () =>
      givenArchive([])
        .when(archive({ orgUnit: 'branch-7' }))
        .then([archived({ archiveId: 'postal.2026-W10.branch-7', orgUnit: 'branch-7' })]));

    it('refuses an unknown business line', () =>
      givenArchive([])
        .when(archive({ businessLine: 'rail' }))
        .thenThrows(E.UNKNOWN_BUSINESS_LINE, 'businessLine'));

    it('refuses a week that is not an ISO week', () =>
      givenArchive([])
        .when(archive({ week: '2026-10' }))
        .thenThrows(E.INVALID_WEEK, 'week'));
  });

  describe('given the pack was archived', () => {
    it('never rewrites it: a second archive is a conflict', () => {
      const outcome = givenArchive([archived()]).when(archive({ figures: { volume: { count: 9 } } }));
      outcome.thenThrows(E.ALREADY_ARCHIVED, 'week');
      expect(outcome.error().kind).toBe('conflict');
    });
  });
});

describe('weeklyPackArchiveId', () => {
  it('keeps units apart that a plain join would confuse', () => {
    expect(weeklyPackArchiveId('postal', '2026-W10', 'a.b')).toBe('postal.2026-W10.a%2Eb');
    expect(weeklyPackArchiveId('postal', '2026-W10', 'a/b')).toBe('postal.2026-W10.a%2Fb');
    expect(weeklyPackArchiveId('postal', '2026-W10', '*')).toBe('postal.2026-W10.%2A');
    expect(weeklyPackArchiveId('postal', '2026-W10', null)).toBe('postal.2026-W10.*');
  });
});
