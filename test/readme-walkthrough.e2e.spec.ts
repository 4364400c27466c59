import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashApiKey } from '@app/platform';
import { testApiKey } from '@app/platform/auth/test-support';
import { LOCAL_ADMIN_ROLES } from '../apps/standalone/src/local-credentials';
import { type Harness, startCommandService } from '../apps/command-service/test/command-service.harness';

const run = promisify(execFile);

/** The README's walk-through, run exactly as written against a live server. */
const walkthrough = (): string => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = /<!-- walkthrough:start -->\s*```bash\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
    readme,
  );
  if (!section?.[1]) throw new Error('README has no walk-through block');
  return section[1];
};

describe('README walk-through', () => {
  let h: Harness;
  let base: string;
  // The admin key a first `npm start` prints, configured here by its hash as the standalone does.
  const adminKey = testApiKey();
  beforeAll(async () => {
    h = await startCommandService('pglite', {
      AUTH_API_KEYS: JSON.stringify([
        { id: 'local-admin', sha256: hashApiKey(adminKey), roles: [...LOCAL_ADMIN_ROLES] },
      ]),
    });
    h.clock.set(new Date().toISOString());
    await h.app.listen(0, '127.0.0.1');
    base = await h.app.getUrl();
  });
  afterAll(() => h.close());

  it('registers a complaint with curl, takes it to close and prints its timeline', async () => {
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', walkthrough()], {
      env: { ...process.env, BASE: base, ADMIN_KEY: adminKey },
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^complaint [0-9a-f-]{36}$/);
    expect(lines).toContain('closed');
    expect(lines.slice(-8)).toEqual([
      '0 ComplaintRegistered',
      '1 ComplaintClassified',
      '2 ComplaintAcknowledged',
      '3 InvestigationFindingRecorded',
      '4 RootCausesAttributed',
      '5 FinalReplySent',
      '6 FollowUpRecorded',
      '7 ComplaintClosed',
    ]);
    // Every command was recorded as the token's agent.
    const actors = (await h.allEvents()).map((e) => e.metadata.actor);
    expect(new Set(actors.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify({ id: 'A1001', role: 'agent' })]),
    );
  });
});
