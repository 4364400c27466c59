import { testBrokers } from '@app/messaging/test-support/topic-reader';
import { generateComplaintLog } from '../../apps/seeder/src/generator/complaint-log';
import { sleep, waitFor } from '../../apps/projector/test/projector.harness';
import { type Rng } from '../../apps/seeder/src/generator/random';
import { type AppProcess, assertRunning, buildApps } from '../support/app-process';
import { PacedAppender, PipelineBed, faultRandom, faultSeed } from './pipeline.harness';

const CYCLES = 5;
const LONGEST_DELAY_MS = 2_000;

/** One process's kill schedule: each kill lands a random time after the process has made progress. */
interface Victim {
  name: string;
  start(): AppProcess;
  current(): AppProcess | undefined;
  /** Its durable progress: the relay's checkpoint, the projector group's committed offsets. */
  progress(): Promise<bigint | number>;
  random: Rng;
}

/** Runs the victim if it is down, lets it make progress, SIGKILLs it after a random delay, restarts it. */
async function killOnce(victim: Victim): Promise<number> {
  const running = victim.current()?.alive() ? victim.current()! : victim.start();
  const from = await victim.progress();
  await waitFor(
    async () => {
      assertRunning(running);
      return (await victim.progress()) > from;
    },
    `the ${victim.name} to make progress`,
    60_000,
    100,
  );
  const delay = Math.round(victim.random.next() * LONGEST_DELAY_MS);
  await sleep(delay);
  assertRunning(running);
  await running.kill('SIGKILL');
  victim.start();
  return delay;
}

/**
 * Issue #8: the relay (store → Kafka) and the projector (Kafka consumer group → chDB on disk) as real
 * processes, each SIGKILLed at a random moment in every cycle while complaint histories keep being
 * appended. Once the appends stop and both have caught up by themselves, the ClickHouse figures must be the
 * domain's fold of the event log: no event lost, none counted twice, however often the relay re-sent
 * a batch or the projector re-read one.
 */
describe('relay and projector SIGKILLed at random points while events are appended', () => {
  let bed: PipelineBed;

  beforeAll(async () => {
    await buildApps();
    bed = await PipelineBed.open(testBrokers().join(','));
  }, 60_000);

  afterAll(async () => {
    await bed?.close();
  }, 30_000);

  it(`loses nothing and counts nothing twice across ${CYCLES} cycles of SIGKILLs`, async () => {
    const seed = faultSeed('relay and projector SIGKILLs');
    const log = generateComplaintLog({ complaints: 1_500, seed, idPrefix: `faults-${seed}` });
    const appender = new PacedAppender(bed.store, log.steps, { chunk: 20, pauseMs: 200 });
    const relay: Victim = {
      name: 'relay',
      start: () => bed.startRelay(),
      current: () => bed.relay,
      progress: () => bed.relayCheckpoint(),
      random: faultRandom(seed, 'relay'),
    };
    const projector: Victim = {
      name: 'projector',
      start: () => bed.startProjector(),
      current: () => bed.projector,
      progress: () => bed.committed(),
      random: faultRandom(seed, 'projector'),
    };

    let kills = 0;
    try {
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        const [relayDelay, projectorDelay] = await Promise.all([killOnce(relay), killOnce(projector)]);
        kills += 2;
        process.stdout.write(
          `faults: cycle ${cycle}: relay SIGKILLed ${relayDelay} ms after it checkpointed, projector ` +
            `${projectorDelay} ms after it committed; ${appender.steps} appends so far\n`,
        );
      }
    } finally {
      await appender.stop();
    }

    await waitFor(() => bed.caughtUp(), 'the relay and the projector to catch up', 120_000, 250);
    assertRunning(bed.relay!);
    assertRunning(bed.projector!);
    const result = await bed.stopAndCompare();
    process.stdout.write(
      `faults: relay and projector: ${kills} SIGKILLs over ${CYCLES} cycles, ` +
        `${result.compared.toLocaleString('en-US')} events compared, ${result.lost} lost, ` +
        `${result.doubleCounted} double-counted (${result.messages.toLocaleString('en-US')} messages ` +
        `on the topic, ${(result.messages - result.compared).toLocaleString('en-US')} of them re-sent)\n`,
    );
    expect(result.compared).toBeGreaterThan(1_000);
    expect({ lost: result.lost, doubleCounted: result.doubleCounted }).toEqual({ lost: 0, doubleCounted: 0 });
    expect(result.projected).toEqual(result.expected);
  }, 240_000);
});
