import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import { type EventStore } from '@app/event-store';
import {
  PersonalDataAudit,
  PersonalDataEraser,
  type PersonalDataEventStore,
  RetentionSweeper,
  hmacCustomerPseudonym,
} from '@app/privacy';
import { COMMAND_SERVICE_CONFIG, type CommandServiceConfig } from '../config/command-service.config';
import { CLOCK, type Clock } from '../shared/ids';
import { EVENT_STORE, PERSONAL_DATA_STORE } from '../store/event-store.provider';
import { PERSONAL_DATA_AUDIT, PersonalDataDisclosure } from './personal-data-disclosure';

export const RETENTION_SWEEPER = Symbol('RETENTION_SWEEPER');
export const PERSONAL_DATA_ERASER = Symbol('PERSONAL_DATA_ERASER');

const logger = new Logger('personal-data');

/**
 * Runs the retention sweep once the application is up and then every PII_SWEEP_INTERVAL_MS; a sweep
 * still running when the next is due is not started twice. Stopped (and waited for) before the store
 * closes.
 */
@Injectable()
export class RetentionSweepSchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;

  constructor(
    @Inject(RETENTION_SWEEPER) private readonly sweeper: RetentionSweeper | null,
    @Inject(COMMAND_SERVICE_CONFIG) private readonly config: CommandServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.sweeper || this.config.PII_SWEEP_INTERVAL_MS === 0) return;
    const run = () => {
      this.current ??= this.sweeper!.sweep()
        .catch((error: unknown) => logger.error(`retention sweep failed: ${String(error)}`))
        .finally(() => {
          this.current = undefined;
        });
    };
    run();
    this.timer = setInterval(run, this.config.PII_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.current;
  }
}

export const personalDataProviders: Provider[] = [
  {
    provide: RETENTION_SWEEPER,
    inject: [PERSONAL_DATA_STORE, CLOCK, COMMAND_SERVICE_CONFIG],
    useFactory: (store: PersonalDataEventStore | null, clock: Clock, config: CommandServiceConfig) =>
      store &&
      new RetentionSweeper(store.keys, clock, {
        retentionDays: config.PII_RETENTION_DAYS,
        batchSize: config.PII_SWEEP_BATCH_SIZE,
        log: (message) => logger.log(message),
      }),
  },
  {
    provide: PERSONAL_DATA_ERASER,
    inject: [PERSONAL_DATA_STORE, COMMAND_SERVICE_CONFIG],
    useFactory: (store: PersonalDataEventStore | null, config: CommandServiceConfig) =>
      store && new PersonalDataEraser(store.keys, hmacCustomerPseudonym(config)),
  },
  {
    provide: PERSONAL_DATA_AUDIT,
    inject: [EVENT_STORE],
    useFactory: (store: EventStore) => new PersonalDataAudit(store),
  },
  PersonalDataDisclosure,
  RetentionSweepSchedule,
];
