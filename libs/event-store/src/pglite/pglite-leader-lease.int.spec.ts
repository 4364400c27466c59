import { describeLeaderLeaseContract } from '../contract/leader-lease.contract';
import { PgliteEventStore } from './pglite-event-store';

describeLeaderLeaseContract('pglite (one process: leases exclude each other within it)', async () => {
  const store = await PgliteEventStore.open({ dataDir: 'memory://' });
  return {
    providers: [store, store],
    takeoverMs: 0,
    cleanup: () => store.close(),
  };
});
