import { resolve } from 'node:path';
import { ChdbDataDirectoryConflictError, ChdbSessionRegistry } from './chdb-session.registry';

class FakeSession {
  closed = false;
  constructor(readonly path: string) {}
  close(): void {
    this.closed = true;
  }
}

const registry = () => {
  const opened: FakeSession[] = [];
  const drains: number[] = [];
  const sessions = new ChdbSessionRegistry<FakeSession>(
    (path) => {
      const session = new FakeSession(path);
      opened.push(session);
      return session;
    },
    async () => {
      drains.push(opened.length);
    },
  );
  return { sessions, opened, drains };
};

describe('ChdbSessionRegistry: one chDB data directory per process', () => {
  it('shares one session among every store on the same directory, however it is spelled', async () => {
    const { sessions, opened } = registry();
    const a = await sessions.acquire('/tmp/analytics-data');
    const b = await sessions.acquire('/tmp/../tmp/analytics-data/');
    expect(b.session).toBe(a.session);
    expect(opened).toHaveLength(1);
    expect(sessions.openPath).toBe(resolve('/tmp/analytics-data'));
  });

  it('refuses a second, different directory while one is open, naming both', async () => {
    const { sessions } = registry();
    await sessions.acquire('/tmp/analytics-a');
    const refusal = sessions.acquire('/tmp/analytics-b');
    await expect(refusal).rejects.toBeInstanceOf(ChdbDataDirectoryConflictError);
    await expect(refusal).rejects.toThrow(/'\/tmp\/analytics-a' is open, so '\/tmp\/analytics-b' cannot be/);
  });

  it('closes the session when the last lease is released, after which another directory may open', async () => {
    const { sessions, opened, drains } = registry();
    const a = await sessions.acquire('/tmp/analytics-a');
    const b = await sessions.acquire('/tmp/analytics-a');
    await a.release();
    await a.release();
    expect(opened[0].closed).toBe(false);
    await b.release();
    expect(opened[0].closed).toBe(true);
    expect(drains).toEqual([1]);
    expect(sessions.openPath).toBeUndefined();

    const c = await sessions.acquire('/tmp/analytics-b');
    expect(c.session).toBe(opened[1]);
  });
});
