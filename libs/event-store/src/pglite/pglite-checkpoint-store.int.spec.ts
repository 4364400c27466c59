import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeCheckpointStoreContract } from '../contract/checkpoint-store.contract';
import { PgliteEventStore } from './pglite-event-store';

describeCheckpointStoreContract('pglite (data directory on disk)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'checkpoints-pglite-'));
  const dataDir = join(dir, 'data');
  let store = await PgliteEventStore.open({ dataDir });
  return {
    checkpoints: store.checkpoints(),
    // PGlite is single-process: the data directory is reopened after the first store has closed.
    async reopen() {
      await store.close();
      store = await PgliteEventStore.open({ dataDir });
      return store.checkpoints();
    },
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
