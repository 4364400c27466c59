import { describeCheckpointStoreContract } from '../contract/checkpoint-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.KURRENTDB_URL;

if (url) {
  describeCheckpointStoreContract('kurrentdb', async () => {
    const store = KurrentDbEventStore.connect(url);
    await store.ping();
    const others: KurrentDbEventStore[] = [];
    return {
      checkpoints: store.checkpoints(),
      async reopen() {
        const other = KurrentDbEventStore.connect(url);
        others.push(other);
        return other.checkpoints();
      },
      cleanup: async () => {
        await Promise.all([store, ...others].map((s) => s.close()));
      },
    };
  });
} else {
  process.stdout.write(
    'SKIP kurrentdb checkpoint contract suite: KURRENTDB_URL not set (no KurrentDB server on this machine)\n',
  );
  describe('CheckpointStore contract: kurrentdb', () => {
    it('is not run because KURRENTDB_URL is not set', () => {
      expect(process.env.KURRENTDB_URL).toBeUndefined();
    });
  });
}
