import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  DomainError,
  Taxonomy,
  type WeeklyPackArchiveEvent,
  WeeklyPackArchiveErrors,
  decideWeeklyPackArchive,
  foldWeeklyPackArchive,
  versioned,
  weeklyPackArchiveId,
  weeklyPackArchiveStream,
} from '@app/complaints';
import { type AnalyticsStore } from '@app/analytics';
import { KPI_DEFINITIONS_VERSION } from '@app/analytics/kpi/shared';
import { weeklyPack } from '@app/analytics/kpi/weekly-pack';
import { type EventStore, type LeaderLease, WrongExpectedRevisionError } from '@app/event-store';
import { taxonomyLinesOf } from '@app/platform';
import { type QueryServiceConfig } from '../../config/query-service.config';
import { weekDueForArchive } from './archive-schedule';

/** The actor the archive events name: the schedule, not a person. */
export const ARCHIVE_ACTOR = { id: 'system:weekly-pack-archive', role: 'system' } as const;

export const PACK_ARCHIVE_LEASE = 'weekly-pack-archive';

export type ArchiveRun = { week: string; archived: string[]; existing: string[] };

/**
 * Archives last week's pack per business line — the whole line's and each receiving unit's — as
 * `WeeklyPackArchived` events, on the schedule (`PACK_ARCHIVE_SCHEDULE`). Of all the processes given
 * the event store, only the holder of the store's `weekly-pack-archive` lease archives; each archive
 * is appended to a stream that must not exist yet, so even two archivers could not write one twice.
 */
export class WeeklyPackArchiver implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WeeklyPackArchiver');
  private readonly taxonomy: Taxonomy;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  /** The last week this process archived in full: later checks of that week do nothing. */
  private done?: string;

  constructor(
    private readonly analytics: AnalyticsStore,
    private readonly events: EventStore,
    private readonly lease: LeaderLease,
    private readonly config: QueryServiceConfig,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.taxonomy = new Taxonomy(taxonomyLinesOf(config));
  }

  onApplicationBootstrap(): void {
    if (this.config.PACK_ARCHIVE_SCHEDULE === 'off') return;
    // The first check waits one interval: a process that just started (and its projector) catches up first.
    this.timer = setInterval(() => {
      this.running ??= this.check().finally(() => (this.running = undefined));
    }, this.config.PACK_ARCHIVE_CHECK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.lease.release().catch(() => undefined);
  }

  /** One scheduled check: archives the week due now if this process holds the lease. */
  async check(): Promise<ArchiveRun | undefined> {
    const schedule = this.config.PACK_ARCHIVE_SCHEDULE;
    if (schedule === 'off') return undefined;
    const now = this.clock();
    const week = weekDueForArchive(schedule, now, this.config.REPORTING_TIME_ZONE);
    if (week === this.done) return undefined;
    try {
      if (!(await this.lease.tryAcquire())) return undefined;
      const run = await this.archiveWeek(week, now);
      this.done = week;
      if (run.archived.length > 0)
        this.logger.log(`Archived the weekly packs of ${week}: ${run.archived.length} new`);
      return run;
    } catch (error) {
      this.logger.warn(
        `Archiving the packs of ${week} failed; retried at the next check: ${error instanceof Error ? error.message : 'unknown error'}`,
      );
      return undefined;
    }
  }

  /** Archives `week` for every line and every unit that received a complaint in it; idempotent. */
  async archiveWeek(week: string, now: Date = this.clock()): Promise<ArchiveRun> {
    const run: ArchiveRun = { week, archived: [], existing: [] };
    for (const { businessLine } of this.taxonomy.businessLines()) {
      const whole = await this.pack(week, businessLine, null);
      await this.archive(run, week, businessLine, null, whole, now);
      for (const { key: orgUnit } of whole.breakdowns.orgUnit)
        await this.archive(
          run,
          week,
          businessLine,
          orgUnit,
          await this.pack(week, businessLine, orgUnit),
          now,
        );
    }
    return run;
  }

  private pack(week: string, businessLine: string, orgUnit: string | null) {
    return weeklyPack(this.analytics, this.config.ANALYTICS_DATABASE, {
      week,
      timeZone: this.config.REPORTING_TIME_ZONE,
      businessLine,
      ...(orgUnit === null ? {} : { orgUnit }),
    });
  }

  private async archive(
    run: ArchiveRun,
    week: string,
    businessLine: string,
    orgUnit: string | null,
    figures: object,
    now: Date,
  ): Promise<void> {
    const archiveId = weeklyPackArchiveId(businessLine, week, orgUnit);
    const streamId = weeklyPackArchiveStream(archiveId);
    const loaded = (await this.events.readStream(streamId)).map(
      (event) => ({ type: event.type, data: event.data }) as WeeklyPackArchiveEvent,
    );
    let decided: WeeklyPackArchiveEvent[];
    try {
      decided = decideWeeklyPackArchive(
        {
          type: 'ArchiveWeeklyPack',
          data: {
            businessLine,
            week,
            orgUnit,
            timeZone: this.config.REPORTING_TIME_ZONE,
            definitionsVersion: KPI_DEFINITIONS_VERSION,
            figures: figures as Record<string, unknown>,
          },
          metadata: { now: now.toISOString(), actor: ARCHIVE_ACTOR },
        },
        foldWeeklyPackArchive(loaded),
        { taxonomy: this.taxonomy },
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === WeeklyPackArchiveErrors.ALREADY_ARCHIVED) {
        run.existing.push(archiveId);
        return;
      }
      throw error;
    }
    const correlationId = randomUUID();
    try {
      await this.events.append(
        streamId,
        decided.map((event) => ({
          eventId: randomUUID(),
          ...versioned(event),
          metadata: {
            occurredAt: now.toISOString(),
            correlationId,
            causationId: correlationId,
            actor: { ...ARCHIVE_ACTOR },
          },
        })),
        'no-stream',
      );
      run.archived.push(archiveId);
    } catch (error) {
      // Another archiver wrote it between the read and the append: the first archive stands.
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      run.existing.push(archiveId);
    }
  }
}
