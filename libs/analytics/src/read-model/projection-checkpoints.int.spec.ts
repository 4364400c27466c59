import { describeCheckpointStoreContract } from '@app/event-store/contract/checkpoint-store.contract';
import { migrate } from '../migrations/migrate';
import { openChdbTestDatabase } from '../test-support/chdb-test-database';
import { AnalyticsCheckpointStore } from './projection-checkpoints';

describeCheckpointStoreContract('analytics (projection_checkpoints in chDB)', async () => {
  const db = await openChdbTestDatabase('checkpoints');
  await migrate(db.store, db.database);
  return {
    checkpoints: new AnalyticsCheckpointStore(db.store, db.database),
    reopen: async () => new AnalyticsCheckpointStore(db.store, db.database),
    cleanup: () => db.cleanup(),
  };
});
