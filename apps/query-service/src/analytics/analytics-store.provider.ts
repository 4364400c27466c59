import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type AnalyticsStore, ChdbAnalyticsStore, ClickHouseAnalyticsStore } from '@app/analytics';
import { type QueryServiceConfig } from '../config/query-service.config';

export const ANALYTICS_STORE = Symbol('ANALYTICS_STORE');
/** True when the module opened the store itself and so must close it. */
export const OWNS_ANALYTICS_STORE = Symbol('OWNS_ANALYTICS_STORE');

type AnalyticsEnv = Pick<QueryServiceConfig, 'ANALYTICS_STORE' | 'CHDB_DATA_DIR' | 'CLICKHOUSE_URL'>;

/**
 * Opens the analytics store the environment names (chDB in process, or a ClickHouse server). The query
 * service only reads: the projector owns the schema and its migrations.
 */
export const openConfiguredAnalyticsStore = async (config: AnalyticsEnv): Promise<AnalyticsStore> => {
  switch (config.ANALYTICS_STORE) {
    case 'chdb':
      return ChdbAnalyticsStore.open({ dataDir: config.CHDB_DATA_DIR });
    case 'clickhouse':
      if (!config.CLICKHOUSE_URL) throw new Error('ANALYTICS_STORE=clickhouse needs CLICKHOUSE_URL');
      return ClickHouseAnalyticsStore.connect({ url: config.CLICKHOUSE_URL });
  }
};

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
