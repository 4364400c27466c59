import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { PgliteEventStore } from './pglite-event-store';

describeEventStoreContract('pglite (data directory on disk)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'event-store-pglite-'));
  const store = await PgliteEventStore.open({ dataDir: join(dir, 'data') });
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
