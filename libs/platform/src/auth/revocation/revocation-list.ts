import {
  Inject,
  Injectable,
  type InjectionToken,
  type Provider,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AUTH_CONFIG, type AuthConfig } from '../auth.config';
import { type Revocation } from './access-token.events';

/**
 * Where a service learns of revocations: the event store's revocation stream (services that hold the
 * store) or its projection in ClickHouse (the query service). Each call returns what is new since the
 * cursor it returned last time.
 */
export interface RevocationSource {
  readonly name: string;
  revokedSince(cursor: string | undefined): Promise<{ revoked: Revocation[]; cursor: string | undefined }>;
}

/**
 * The revoked tokens a guard refuses, kept in memory and refreshed from its sources every
 * `AUTH_REVOCATION_REFRESH_MS`: a token revoked anywhere is refused here within that interval after the
 * revocation reaches the source. A revocation is forgotten once its token has expired. When a source
 * cannot be read the list keeps what it has and says so; the next refresh tries again.
 */
@Injectable()
export class RevocationList implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RevocationList');
  private readonly revoked = new Map<string, number>();
  private readonly sources: { source: RevocationSource; cursor: string | undefined; failing: boolean }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(@Inject(AUTH_CONFIG) private readonly config: AuthConfig) {}

  /** Adds a source; the services attach theirs while their modules start. */
  attach(source: RevocationSource): void {
    if (this.sources.some((s) => s.source === source)) return;
    this.sources.push({ source, cursor: undefined, failing: false });
  }

  /** A revocation this process made itself: refused at once, before any source shows it. */
  add(revocation: Revocation): void {
    const expires = Date.parse(revocation.expiresAt);
    if (!Number.isNaN(expires)) this.revoked.set(revocation.tokenId, expires);
  }

  isRevoked(tokenId: string): boolean {
    return this.revoked.has(tokenId);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.sources.length === 0) return;
    // Read once before the first request is answered, then keep following.
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.AUTH_REVOCATION_REFRESH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing;
  }

  /** Reads every source once; a refresh still running is joined, not started twice. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readSources().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async readSources(): Promise<void> {
    for (const entry of this.sources) {
      try {
        const { revoked, cursor } = await entry.source.revokedSince(entry.cursor);
        for (const revocation of revoked) this.add(revocation);
        entry.cursor = cursor;
        if (entry.failing) this.logger.log(`revocations from ${entry.source.name} readable again`);
        entry.failing = false;
      } catch (error) {
        if (!entry.failing)
          this.logger.warn(
            `revocations from ${entry.source.name} cannot be read (${error instanceof Error ? error.name : 'error'}); ` +
              'the tokens revoked so far stay refused, and reading is retried',
          );
        entry.failing = true;
      }
    }
    const now = Date.now();
    for (const [tokenId, expires] of this.revoked) if (expires <= now) this.revoked.delete(tokenId);
  }
}

let sourceProviders = 0;

/**
 * A provider that attaches a service's revocation source, made from one of its own providers (its
 * event store, its analytics store), to the guard's list when the module starts.
 */
export const revocationSourceProvider = <T>(
  inject: InjectionToken,
  source: (dependency: T) => RevocationSource,
): Provider => ({
  provide: Symbol(`revocation-source-${(sourceProviders += 1)}`),
  inject: [RevocationList, inject],
  useFactory: (list: RevocationList, dependency: T) => {
    list.attach(source(dependency));
    return true;
  },
});
