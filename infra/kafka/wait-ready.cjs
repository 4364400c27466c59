// Waits until a freshly started broker really serves requests: an open port is not enough, since KRaft
// must elect its controller and register the broker before a topic can be created. It also makes the
// broker set up its producer-id and group coordinators, which a first client otherwise waits for (and
// kafkajs logs as errors) while they load.
// Usage: node wait-ready.cjs <host:port> <broker pid> <timeout ms>
const { Kafka, logLevel } = require('kafkajs');

const [broker, pid, timeoutMs] = process.argv.slice(2);
const deadline = Date.now() + Number(timeoutMs);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function brokerAlive() {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

async function probe() {
  // Refused connections are expected while the JVM starts; kafkajs would log each one.
  const kafka = new Kafka({
    clientId: 'kafka-sh-ready-probe',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  // kafkajs refuses an idempotent producer that may not retry.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 3 } });
  const topic = `ready-probe-${process.pid}`;
  try {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ key: 'probe', value: 'probe' }] });
    await admin.describeGroups([topic]);
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}

async function main() {
  let lastError;
  while (Date.now() < deadline) {
    if (!brokerAlive()) {
      console.error(`kafka broker (pid ${pid}) exited during startup`);
      process.exit(1);
    }
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
      await sleep(500);
    }
  }
  console.error(
    `kafka broker on ${broker} not ready after ${timeoutMs} ms: ${lastError?.message ?? 'no reply'}`,
  );
  process.exit(1);
}

main();
