import { ACCESS_TOKEN_ISSUED, accessTokenStream } from '@app/platform';
import { bearer } from '@app/platform/auth/test-support';
import {
  type Harness,
  registration,
  startCommandService,
} from '../../apps/command-service/test/command-service.harness';

/**
 * Security class 3, token issuing escalates: a principal issues only tokens whose roles' permissions it
 * holds itself, within its own units, for at most 12 hours; each token carries its id and its issuer,
 * is recorded before it is handed out, and the audit of personal-data reads names both the reader and
 * the issuer.
 */
describe('security class 3: a token never grants more than its issuer holds', () => {
  let h: Harness;
  const ADMIN = bearer({ roles: ['admin'], subject: 'ADM-1' });
  const OWNER = bearer({ roles: ['admin', 'supervisor'], subject: 'OWNER-1' });
  const BRANCH_OWNER = bearer({
    roles: ['admin', 'supervisor'],
    subject: 'OWNER-BJ',
    orgUnits: ['beijing-branch-3'],
  });

  beforeAll(async () => {
    h = await startCommandService('pglite');
  });
  afterAll(() => h.close());

  const issue = (body: object, headers: Record<string, string>) =>
    h.http().post('/auth/tokens').set(headers).send(body);

  it('refuses an admin an agent token (personal data it cannot read itself), and records nothing', async () => {
    const head = await h.store.headPosition();
    const refused = await issue({ subject: 'A9001', roles: ['agent'] }, ADMIN);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'AUTH.BEYOND_ISSUER',
      errors: [
        { field: 'roles', code: 'AUTH.BEYOND_ISSUER', reason: expect.stringContaining('personal-data:read') },
      ],
    });
    for (const roles of [['supervisor'], ['analyst'], ['system'], ['agent', 'executive']])
      expect((await issue({ subject: 'X1', roles }, ADMIN)).body.code).toBe('AUTH.BEYOND_ISSUER');
    expect(await h.store.headPosition()).toBe(head);
    // What the admin holds itself it may hand out.
    expect((await issue({ subject: 'E4001', roles: ['executive'] }, ADMIN)).status).toBe(201);
  });

  it('records every issued token with its id and issuer, and the audit names reader and issuer', async () => {
    const issued = await issue({ subject: 'A9002', roles: ['agent'] }, OWNER);
    expect(issued.status).toBe(201);
    const { tokenId, token, issuedBy, issuedAt, expiresAt } = issued.body;
    expect(issuedBy).toBe('OWNER-1');
    // Default lifetime: one hour.
    expect(Date.parse(expiresAt) - Date.parse(issuedAt)).toBe(3600 * 1000);
    const [record] = await h.store.readStream(accessTokenStream(tokenId));
    expect(record).toMatchObject({
      type: ACCESS_TOKEN_ISSUED,
      data: { tokenId, subject: 'A9002', roles: ['agent'], orgUnits: 'all', issuedBy: 'OWNER-1', expiresAt },
    });

    const agent = { Authorization: `Bearer ${token}` };
    const id = (await h.http().post('/complaints').set(agent).send(registration()).expect(201)).body
      .complaintId;
    await h.http().get(`/complaints/${id}`).set(agent).expect(200);
    const day = h.clock.now().slice(0, 10);
    const audit = await h
      .http()
      .get('/audit/personal-data-reads')
      .query({ from: day, to: day, complaintId: id })
      .set(ADMIN)
      .expect(200);
    expect(audit.body.reads).toEqual([
      expect.objectContaining({ subject: 'A9002', issuedBy: 'OWNER-1', tokenId, roles: ['agent'] }),
    ]);
  });

  it('keeps a scoped issuer inside its units', async () => {
    const body = { subject: 'A9003', roles: ['agent'] };
    expect((await issue(body, BRANCH_OWNER)).body.code).toBe('AUTH.OUT_OF_SCOPE');
    expect((await issue({ ...body, orgUnits: ['shanghai-branch-1'] }, BRANCH_OWNER)).body.code).toBe(
      'AUTH.OUT_OF_SCOPE',
    );
    const inside = await issue({ ...body, orgUnits: ['beijing-branch-3'] }, BRANCH_OWNER);
    expect(inside.status).toBe(201);
    expect(inside.body.orgUnits).toEqual(['beijing-branch-3']);
  });

  it('issues for at most 12 hours, and refuses any token living longer, wherever it was made', async () => {
    const tooLong = await issue({ subject: 'A9004', roles: ['agent'], ttlSeconds: 12 * 3600 + 1 }, OWNER);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toContainEqual(
      expect.objectContaining({ field: 'ttlSeconds', code: 'VALIDATION.MAX' }),
    );
    const monthLong = bearer({ roles: ['agent'], ttlSeconds: 30 * 86400 });
    const refused = await h.http().get('/taxonomy').set(monthLong);
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].reason).toMatch(/longer than the 12 h/);
  });
});
