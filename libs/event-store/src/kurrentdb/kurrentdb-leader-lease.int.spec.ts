import { describeLeaderLeaseContract } from '../contract/leader-lease.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const url = process.env.KURRENTDB_URL;
const TTL_MS = 1_000;

if (url) {
  describeLeaderLeaseContract('kurrentdb (expiring lease streams)', async () => {
    const stores = [KurrentDbEventStore.connect(url), KurrentDbEventStore.connect(url)] as const;
    await stores[0].ping();
    return {
      providers: stores,
      // A crashed holder simply renews no more; the lease object is left as the dead process left it.
      crash: async () => undefined,
      takeoverMs: TTL_MS * 2 + 1_000,
      leaseOptions: { ttlMs: TTL_MS },
      cleanup: async () => {
        await Promise.all(stores.map((store) => store.close()));
      },
    };
  });
} else {
  process.stdout.write(
    'SKIP kurrentdb leader-lease contract suite: KURRENTDB_URL not set (no KurrentDB server on this machine)\n',
  );
  describe('LeaderLease contract: kurrentdb', () => {
    it('is not run because KURRENTDB_URL is not set', () => {
      expect(process.env.KURRENTDB_URL).toBeUndefined();
    });
  });
}
