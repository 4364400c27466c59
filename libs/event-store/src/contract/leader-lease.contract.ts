import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  type LeaderLease,
  LeaseLostError,
  type LeaseOptions,
  type LeaseProvider,
} from '../leader-lease.port';

export interface LeaseContractSubject {
  /** Two providers on the same store, as two processes would open it (PGlite: the one store twice). */
  providers: readonly [LeaseProvider, LeaseProvider];
  /**
   * Ends `lease`'s hold the way its process dying would (its session cut, its renewals stopped); absent
   * where a process that dies takes the whole store with it (PGlite).
   */
  crash?(lease: LeaderLease): Promise<void>;
  /** The longest a standby trying every 50 ms may wait after a crash before it holds the lease. */
  takeoverMs: number;
  leaseOptions?: LeaseOptions;
  cleanup(): Promise<void>;
}

const holds = async (lease: LeaderLease): Promise<boolean> =>
  lease.confirm().then(
    () => true,
    (error: unknown) => {
      if (error instanceof LeaseLostError) return false;
      throw error;
    },
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The behaviour every lease adapter must share; each adapter's int spec runs it on its engine. */
export function describeLeaderLeaseContract(
  name: string,
  factory: () => Promise<LeaseContractSubject>,
  timeout = 30_000,
): void {
  describe(`LeaderLease contract: ${name}`, () => {
    let subject: LeaseContractSubject | undefined;
    const given = (): LeaseContractSubject => {
      if (!subject) throw new Error('The lease factory did not run');
      return subject;
    };
    const leases: LeaderLease[] = [];
    /** A lease on `leaseName` from one of the two providers; released after each test. */
    const lease = (leaseName: string, provider: 0 | 1): LeaderLease => {
      const made = given().providers[provider].lease(leaseName, given().leaseOptions);
      leases.push(made);
      return made;
    };
    const unique = (label: string) => `${label}-${randomUUID()}`;

    beforeAll(async () => {
      subject = await factory();
    }, timeout);

    afterEach(async () => {
      await Promise.all(leases.splice(0).map((l) => l.release().catch(() => undefined)));
    }, timeout);

    afterAll(async () => {
      await subject?.cleanup();
    }, timeout);

    it(
      'has one holder at a time: the first to try holds it, the other is refused until it is released',
      async () => {
        const leaseName = unique('one-holder');
        const [first, second] = [lease(leaseName, 0), lease(leaseName, 1)];

        expect(await first.tryAcquire()).toBe(true);
        expect(await second.tryAcquire()).toBe(false);
        expect(await first.tryAcquire()).toBe(true);
        expect(await holds(first)).toBe(true);
        expect(await holds(second)).toBe(false);

        await first.release();
        expect(await holds(first)).toBe(false);
        expect(await second.tryAcquire()).toBe(true);
        expect(await first.tryAcquire()).toBe(false);
        expect(await holds(second)).toBe(true);
      },
      timeout,
    );

    it(
      'keeps names apart: leases of other names are held at the same time',
      async () => {
        const [a, b] = [lease(unique('a'), 0), lease(unique('b'), 1)];
        expect(await a.tryAcquire()).toBe(true);
        expect(await b.tryAcquire()).toBe(true);
        expect([await holds(a), await holds(b)]).toEqual([true, true]);
      },
      timeout,
    );

    it(
      'gives a race of five leases exactly one winner',
      async () => {
        for (let round = 0; round < 3; round++) {
          const leaseName = unique('race');
          const racers = [0, 1, 0, 1, 0].map((provider) => lease(leaseName, provider as 0 | 1));
          const won = await Promise.all(racers.map((racer) => racer.tryAcquire()));
          expect(won.filter(Boolean)).toHaveLength(1);
          const held = await Promise.all(racers.map(holds));
          expect(held).toEqual(won);
        }
      },
      timeout,
    );

    it(
      'follows the model of one holder over any sequence of tries and releases (fast-check)',
      async () => {
        const step = fc.record({ kind: fc.constantFrom('try', 'release'), who: fc.nat(3) });
        await fc.assert(
          fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
            const leaseName = unique('model');
            const four = [0, 1, 0, 1].map((provider) => lease(leaseName, provider as 0 | 1));
            let holder: number | undefined;
            for (const { kind, who } of steps) {
              if (kind === 'try') {
                const acquired = await four[who].tryAcquire();
                expect(acquired).toBe(holder === undefined || holder === who);
                if (acquired) holder = who;
              } else {
                await four[who].release();
                if (holder === who) holder = undefined;
              }
              const held = await Promise.all(four.map(holds));
              expect(held).toEqual(four.map((_, i) => i === holder));
            }
            await Promise.all(four.map((l) => l.release()));
          }),
          { numRuns: 15 },
        );
      },
      timeout * 2,
    );

    it(
      'is taken over after its holder crashes, within the adapter’s bound, and the crashed holder learns it lost it',
      async () => {
        const crash = given().crash;
        if (!crash) {
          // One process per store: a crash ends every lease with the store, and nobody else could take it.
          expect(given().providers[0]).toBe(given().providers[1]);
          return;
        }
        const leaseName = unique('crash');
        const [holder, standby] = [lease(leaseName, 0), lease(leaseName, 1)];
        expect(await holder.tryAcquire()).toBe(true);
        expect(await standby.tryAcquire()).toBe(false);

        await crash.call(given(), holder);
        const crashedAt = Date.now();
        while (!(await standby.tryAcquire())) {
          expect(Date.now() - crashedAt).toBeLessThan(given().takeoverMs);
          await sleep(50);
        }
        expect(await holds(standby)).toBe(true);
        await expect(holder.confirm()).rejects.toBeInstanceOf(LeaseLostError);
        expect(await holder.tryAcquire()).toBe(false);
      },
      timeout,
    );

    it(
      'refuses a name that no store could hold',
      () => {
        expect(() => given().providers[0].lease('')).toThrow(/name/);
        expect(() => given().providers[0].lease('a name with spaces')).toThrow(/name/);
      },
      timeout,
    );
  });
}
