import { describeAnalyticsStoreContract } from '../contract/analytics-store.contract';
import { openChdbTestDatabase } from '../test-support/chdb-test-database';

describeAnalyticsStoreContract('chdb (in process, data directory on disk)', () =>
  openChdbTestDatabase('contract'),
);
