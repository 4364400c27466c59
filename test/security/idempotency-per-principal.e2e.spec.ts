import { bearer } from '@app/platform/auth/test-support';
import {
  type Harness,
  SUPERVISOR,
  registration,
  startCommandService,
} from '../../apps/command-service/test/command-service.harness';

/**
 * Security class 6, idempotency keys are global: an Idempotency-Key belongs to the principal that sent
 * it. Another principal's request with the same key is a request of its own — neither refused with 409
 * (which would tell it the key was used) nor answered with the first caller's result.
 */
describe('security class 6: an Idempotency-Key is the caller’s own', () => {
  let h: Harness;
  const first = bearer({ roles: ['agent'], subject: 'A6001' });
  const second = bearer({ roles: ['agent'], subject: 'A6002' });

  beforeAll(async () => {
    h = await startCommandService('pglite');
  });
  afterAll(() => h.close());

  const register = (headers: Record<string, string>, key: string, description: string) =>
    h
      .http()
      .post('/complaints')
      .set({ ...headers, 'Idempotency-Key': key })
      .send(registration({ description }));

  it('keeps two principals’ equal keys apart, and each one’s repeat a replay of its own', async () => {
    const mine = await register(first, 'guessable-1', 'first caller');
    expect(mine.status).toBe(201);
    const theirs = await register(second, 'guessable-1', 'second caller');
    expect(theirs.status).toBe(201);
    expect(theirs.body.complaintId).not.toBe(mine.body.complaintId);
    expect(theirs.body.replayed).toBe(false);

    const mineAgain = await register(first, 'guessable-1', 'first caller');
    expect(mineAgain.status).toBe(200);
    expect(mineAgain.headers['idempotent-replayed']).toBe('true');
    expect(mineAgain.body.complaintId).toBe(mine.body.complaintId);
    // Reusing one's own key for another request is still a conflict.
    expect((await register(first, 'guessable-1', 'changed')).body.code).toBe('IDEMPOTENCY.KEY_REUSED');

    const read = await h.http().get(`/complaints/${theirs.body.complaintId}`).set(second).expect(200);
    expect(read.body.description).toBe('second caller');
  });

  it('keeps keys apart on commands and corrective actions too', async () => {
    const action = (owner: string) => ({
      businessLine: 'postal',
      meetingDate: '2026-03-02T00:00:00Z',
      causeCodes: ['sorting-error'],
      orgUnits: ['hub-2'],
      description: `Action of ${owner}`,
      owner,
      dueAt: '2026-03-20T00:00:00Z',
    });
    const other = bearer({ roles: ['supervisor'], subject: 'S6002' });
    const a = await h
      .http()
      .post('/corrective-actions')
      .set({ ...SUPERVISOR, 'Idempotency-Key': 'ca-1' })
      .send(action('M1'));
    const b = await h
      .http()
      .post('/corrective-actions')
      .set({ ...other, 'Idempotency-Key': 'ca-1' })
      .send(action('M2'));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.actionId).not.toBe(a.body.actionId);
  });
});
