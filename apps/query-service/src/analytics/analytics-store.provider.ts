import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type AnalyticsStore } from '@app/analytics';

export const ANALYTICS_STORE = Symbol('ANALYTICS_STORE');
/** True when the module opened the store itself and so must close it. */
export const OWNS_ANALYTICS_STORE = Symbol('OWNS_ANALYTICS_STORE');

/** Closes the store at shutdown when this module opened it; a store handed in belongs to the host. */
@Injectable()
export class AnalyticsStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(ANALYTICS_STORE) private readonly store: AnalyticsStore,
    @Inject(OWNS_ANALYTICS_STORE) private readonly owned: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.store.close();
  }
}
