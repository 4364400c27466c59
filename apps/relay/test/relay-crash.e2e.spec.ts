import { headerText, parseEventMessage } from '@app/messaging';
import { readWholeTopic, type ReadMessage } from '@app/messaging/test-support/topic-reader';
import { type AppProcess, AppProcesses, buildApps, builtApp } from '../../../test/support/app-process';
import {
  type AppendedEvent,
  appendConcurrently,
  relayTestBed,
  type RelayTestBed,
  sleep,
  waitFor,
} from './relay.harness';

const MAIN = builtApp('relay');
const KILLS = 4;

/**
 * The relay as a real process, SIGKILLed at random moments while events keep being appended: whatever
 * it was doing (reading, publishing, saving the checkpoint), nothing may be lost, and whatever it sends
 * twice must be the same message.
 */
describe('relay process killed at random points', () => {
  let bed: RelayTestBed;
  const processes = new AppProcesses();

  const spawnRelay = (): AppProcess =>
    processes.start('relay', MAIN, {
      ...process.env,
      ...bed.env,
      RELAY_BATCH_SIZE: '50',
      RELAY_POLL_INTERVAL_MS: '10',
    });
  const checkpoint = () => bed.store.checkpoints().load('relay');

  beforeAll(async () => {
    await buildApps();
    bed = await relayTestBed();
  }, 60_000);

  afterAll(async () => {
    await processes.killAll();
    await bed?.cleanup();
  }, 30_000);

  it(`loses nothing across ${KILLS} SIGKILLs; re-sent events are identical duplicates; stream order holds`, async () => {
    let appending = true;
    const appendingDone = appendConcurrently(bed.store, {
      total: 30_000,
      appenders: 4,
      streamsPerAppender: 5,
      pauseMs: 20,
      until: () => !appending,
    });

    try {
      for (let kill = 0; kill < KILLS; kill++) {
        const relay = spawnRelay();
        const from = await checkpoint();
        await waitFor(
          async () => (await checkpoint()) > from || relay.child.exitCode !== null,
          `relay run ${kill + 1} to make progress`,
          20_000,
        );
        if (relay.child.exitCode !== null) throw new Error(`relay exited early:\n${relay.output()}`);
        await sleep(Math.random() * 700);
        await relay.kill('SIGKILL');
      }
    } finally {
      appending = false;
    }
    const appended = await appendingDone;
    const last = appended.reduce(
      (max, event) => (event.globalPosition > max ? event.globalPosition : max),
      0n,
    );

    const final = spawnRelay();
    await waitFor(async () => (await checkpoint()) >= last, 'the last relay to catch up', 30_000);
    final.child.kill('SIGTERM');
    // A graceful stop finishes the batch in flight and saves its checkpoint: the checkpoint stays at the end.
    await waitFor(
      () => final.child.exitCode !== null || final.child.signalCode !== null,
      'SIGTERM to stop the relay',
      15_000,
    );
    expect(await checkpoint()).toBe(last);

    const messages = await readWholeTopic(bed.kafka, bed.topic, 60_000);
    const duplicates = expectNothingLostAndDuplicatesIdentical(appended, messages);
    process.stdout.write(
      `relay crash test: ${appended.length} events appended, ${KILLS} SIGKILLs, ${messages.length} messages ` +
        `on the topic, ${duplicates} re-sent duplicates (all identical to their first copy)\n`,
    );
  }, 120_000);
});

/** Returns how many messages were re-sent copies. */
function expectNothingLostAndDuplicatesIdentical(appended: AppendedEvent[], messages: ReadMessage[]): number {
  const first = new Map<string, ReadMessage>();
  const order = new Map<string, number[]>();
  let duplicates = 0;
  for (const message of messages) {
    const envelope = parseEventMessage(message);
    const earlier = first.get(envelope.eventId);
    if (earlier) {
      duplicates += 1;
      expect({ key: message.key, value: message.value, partition: message.partition }).toEqual({
        key: earlier.key,
        value: earlier.value,
        partition: earlier.partition,
      });
      expect(headerText(message.headers, 'eventId')).toBe(envelope.eventId);
      continue;
    }
    first.set(envelope.eventId, message);
    expect(message.key).toBe(envelope.streamId);
    order.set(envelope.streamId, [...(order.get(envelope.streamId) ?? []), envelope.streamRevision]);
  }

  const missing = appended.filter((event) => !first.has(event.eventId));
  expect(missing).toEqual([]);
  expect(first.size).toBe(appended.length);
  for (const revisions of order.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
  return duplicates;
}
