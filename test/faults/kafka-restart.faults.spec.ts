import { generateComplaintLog } from '../../apps/seeder/src/generator/complaint-log';
import { sleep, waitFor } from '../../apps/projector/test/projector.harness';
import { brokerPort, startKafkaBroker, stopKafkaBroker } from '../kafka/kafka-broker';
import { assertRunning, buildApps, freePort } from '../support/app-process';
import { PacedAppender, PipelineBed, faultRandom, faultSeed, getJson } from './pipeline.harness';

const OUTAGES = 2;

/**
 * Issue #8: the Kafka broker itself stopped and started again (same port, same data directory) while the
 * relay and the projector run as real processes and complaint histories keep being appended. Neither
 * process is restarted: both report the outage on /health, retry, and catch up by themselves once the
 * broker is back; the ClickHouse figures then equal the domain's fold of the event log.
 */
describe('Kafka broker stopped and restarted mid-stream', () => {
  let bed: PipelineBed;
  let port: number;

  beforeAll(async () => {
    await buildApps();
    // A broker of this test's own: the shared one serves the other suites running meanwhile.
    const brokers = await startKafkaBroker({ port: await freePort(), ownerPid: process.pid });
    port = brokerPort(brokers);
    bed = await PipelineBed.open(brokers);
  }, 90_000);

  afterAll(async () => {
    await bed?.close();
    if (port) await stopKafkaBroker(port);
  }, 60_000);

  const health = async () => ({
    relay: (await getJson(bed.relayPort, '/health')).status,
    projector: (await getJson(bed.projectorPort, '/health')).status,
  });

  it(`loses nothing across ${OUTAGES} broker restarts, and both processes recover by themselves`, async () => {
    const seed = faultSeed('Kafka broker restarts');
    const random = faultRandom(seed, 'broker');
    const log = generateComplaintLog({ complaints: 1_000, seed, idPrefix: `faults-${seed}` });
    const appender = new PacedAppender(bed.store, log.steps, { chunk: 20, pauseMs: 200 });
    const relay = bed.startRelay();
    const projector = bed.startProjector();
    const outputs = () =>
      [relay, projector].map((app) => `--- ${app.name}:\n${app.output().slice(-4_000)}`).join('\n');

    try {
      for (let outage = 1; outage <= OUTAGES; outage++) {
        const [checkpoint, committed] = [await bed.relayCheckpoint(), await bed.committed()];
        await waitFor(
          async () => {
            assertRunning(relay);
            assertRunning(projector);
            return (await bed.relayCheckpoint()) > checkpoint && (await bed.committed()) > committed;
          },
          'the relay and the projector to make progress',
          60_000,
          100,
        );
        await sleep(Math.round(random.next() * 1_500));
        await stopKafkaBroker(port, { keepData: true });
        const stoppedAt = Date.now();
        const atStop = await bed.relayCheckpoint();

        // Both say so on /health (the relay once a publish has failed; the projector once its consumer
        // has given up reconnecting and is restarting), and neither falls over.
        let seen = await health();
        await waitFor(
          async () => {
            seen = await health();
            return seen.relay === 503 && seen.projector === 503;
          },
          'both services to report the broker outage on /health',
          60_000,
          250,
        ).catch((error: Error) => {
          throw new Error(`${error.message} (last seen ${JSON.stringify(seen)})\n${outputs()}`);
        });
        const relayMetrics = (await getJson(bed.relayPort, '/metrics')).body;
        expect(relayMetrics).toMatchObject({ state: 'retrying', lastError: expect.any(String) });
        const extra = Math.round(1_000 + random.next() * 2_000);
        await sleep(extra);
        assertRunning(relay);
        assertRunning(projector);
        const downMs = Date.now() - stoppedAt;

        await startKafkaBroker({ port, keepData: true });
        const restartedAt = Date.now();
        await waitFor(
          async () => {
            seen = await health();
            return seen.relay === 200 && seen.projector === 200 && (await bed.relayCheckpoint()) > atStop;
          },
          'both services to recover by themselves',
          90_000,
          250,
        ).catch((error: Error) => {
          throw new Error(`${error.message} (last seen ${JSON.stringify(seen)})\n${outputs()}`);
        });
        process.stdout.write(
          `faults: outage ${outage}: broker down ${(downMs / 1000).toFixed(1)} s; relay and projector ` +
            `healthy again ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart; ` +
            `${appender.steps} appends so far\n`,
        );
      }
    } finally {
      await appender.stop();
    }

    await waitFor(() => bed.caughtUp(), 'the relay and the projector to catch up', 120_000, 250);
    assertRunning(relay);
    assertRunning(projector);
    const result = await bed.stopAndCompare();
    process.stdout.write(
      `faults: Kafka broker: ${OUTAGES} stops and restarts, ${result.compared.toLocaleString('en-US')} events ` +
        `compared, ${result.lost} lost, ${result.doubleCounted} double-counted ` +
        `(${result.messages.toLocaleString('en-US')} messages on the topic; relay and projector never restarted)\n`,
    );
    expect(result.compared).toBeGreaterThan(500);
    expect({ lost: result.lost, doubleCounted: result.doubleCounted }).toEqual({ lost: 0, doubleCounted: 0 });
    expect(result.projected).toEqual(result.expected);
  }, 300_000);
});
