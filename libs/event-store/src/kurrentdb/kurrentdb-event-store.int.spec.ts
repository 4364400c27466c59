import { describeEventStoreContract } from '../contract/event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.KURRENTDB_URL;

if (url) {
  describeEventStoreContract(
    'kurrentdb',
    async () => {
      const store = KurrentDbEventStore.connect(url);
      await store.ping();
      return { store, cleanup: () => store.close() };
    },
    // KurrentDB dedupes event ids per stream only, and the server is shared.
    { globalEventIdUniqueness: false, startsEmpty: false, atomicAppendMany: false },
  );
} else {
  process.stdout.write(
    'SKIP kurrentdb contract suite: KURRENTDB_URL not set (no KurrentDB server on this machine)\n',
  );
  describe('EventStore contract: kurrentdb', () => {
    it('is not run because KURRENTDB_URL is not set', () => {
      expect(process.env.KURRENTDB_URL).toBeUndefined();
    });
  });
}
