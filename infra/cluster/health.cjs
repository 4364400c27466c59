// Health of the cluster's processes, for cluster.sh.
//   node health.cjs wait <timeout ms> <pid> <url>   waits until GET <url>/health answers 200 (fails at once
//                                                   if the process exits, with its last log lines shown by
//                                                   the caller)
//   node health.cjs show <url>                      one line: the status and, for a relay, its role
const [command, ...args] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function health(url) {
  try {
    const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
    const body = await response.json().catch(() => ({}));
    return { status: response.status, body };
  } catch {
    return { status: 0, body: {} };
  }
}

function alive(pid) {
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch {
    return false;
  }
}

async function wait(timeoutMs, pid, url) {
  const deadline = Date.now() + Number(timeoutMs);
  while (Date.now() < deadline) {
    if (!alive(pid)) return 2;
    if ((await health(url)).status === 200) return 0;
    await sleep(250);
  }
  return 1;
}

async function show(url) {
  const { status, body } = await health(url);
  if (status === 0) return 'not answering';
  const role = body.info?.relay?.role;
  const down = Object.entries(body.error ?? {}).map(
    ([name, detail]) => `${name}: ${detail.message ?? 'down'}`,
  );
  return `${status === 200 ? 'healthy' : `unhealthy (${status})`}${role ? `, ${role}` : ''}${down.length ? ` — ${down.join('; ')}` : ''}`;
}

(async () => {
  if (command === 'wait') process.exit(await wait(...args));
  if (command === 'show') {
    console.log(await show(args[0]));
    return;
  }
  console.error('usage: health.cjs wait <timeout ms> <pid> <url> | show <url>');
  process.exit(64);
})();
