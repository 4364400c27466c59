import { randomUUID } from 'node:crypto';
import type { CheckpointStore } from '../checkpoint-store.port';
import { START_POSITION } from '../event-store.port';

export interface CheckpointContractSubject {
  checkpoints: CheckpointStore;
  /** A second store on the same database, as a restarted process would open it. */
  reopen(): Promise<CheckpointStore>;
  cleanup(): Promise<void>;
}

/** The behaviour every checkpoint adapter must share; each adapter's int spec runs it on its engine. */
export function describeCheckpointStoreContract(
  name: string,
  factory: () => Promise<CheckpointContractSubject>,
  timeout = 30_000,
): void {
  describe(`CheckpointStore contract: ${name}`, () => {
    let subject: CheckpointContractSubject | undefined;
    const checkpoints = (): CheckpointStore => {
      if (!subject) throw new Error('The checkpoint store factory did not run');
      return subject.checkpoints;
    };
    const unique = (label: string) => `${label}-${randomUUID()}`;

    beforeAll(async () => {
      subject = await factory();
    }, timeout);

    afterAll(async () => {
      await subject?.cleanup();
    }, timeout);

    it(
      'loads START_POSITION for a checkpoint never saved',
      async () => {
        expect(await checkpoints().load(unique('never'))).toBe(START_POSITION);
      },
      timeout,
    );

    it(
      'loads what was saved, per name',
      async () => {
        const [a, b] = [unique('a'), unique('b')];
        await checkpoints().save(a, 42n);
        await checkpoints().save(b, 7n);
        await checkpoints().save(a, 43n);

        expect(await checkpoints().load(a)).toBe(43n);
        expect(await checkpoints().load(b)).toBe(7n);
      },
      timeout,
    );

    it(
      'never moves backwards: a lower or equal save is ignored',
      async () => {
        const name = unique('monotonic');
        await checkpoints().save(name, 100n);
        await checkpoints().save(name, 99n);
        await checkpoints().save(name, 100n);
        await checkpoints().save(name, 0n);

        expect(await checkpoints().load(name)).toBe(100n);
      },
      timeout,
    );

    it(
      'keeps the highest of concurrent saves',
      async () => {
        const name = unique('concurrent');
        const positions = [5n, 17n, 3n, 12n, 16n, 1n, 9n, 14n];
        await Promise.all(positions.map((position) => checkpoints().save(name, position)));

        expect(await checkpoints().load(name)).toBe(17n);
      },
      timeout,
    );

    it(
      'holds 64-bit positions exactly',
      async () => {
        const name = unique('wide');
        const position = 2n ** 62n + 3n;
        await checkpoints().save(name, position);

        expect(await checkpoints().load(name)).toBe(position);
      },
      timeout,
    );

    it(
      'refuses a negative position and an empty name',
      async () => {
        await expect(checkpoints().save(unique('negative'), -1n)).rejects.toThrow(/negative/);
        await expect(checkpoints().load('')).rejects.toThrow(/name/);
      },
      timeout,
    );

    // Last: reopening may close the first store (PGlite allows one process per data directory).
    it(
      'is durable: another store on the same database sees it',
      async () => {
        const name = unique('durable');
        await checkpoints().save(name, 1234n);

        const reopened = await subject!.reopen();
        expect(await reopened.load(name)).toBe(1234n);
      },
      timeout,
    );
  });
}
