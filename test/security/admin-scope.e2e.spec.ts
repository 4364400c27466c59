import { bearer } from '@app/platform/auth/test-support';
import {
  ACTOR,
  type Harness,
  registration,
  startCommandService,
} from '../../apps/command-service/test/command-service.harness';

/**
 * Security class 2, admin acts ignore the admin's units: an admin limited to some org units erases
 * personal data, and reads the audit of personal-data reads, of its units' complaints only — the other
 * units' complaints are neither erased, nor listed, nor named.
 */
describe('security class 2: every admin act is bound to the admin’s org units', () => {
  let h: Harness;
  const customer = { reference: 'CUST-SCOPE-1', name: '李四', contact: { phone: '+86 139 1111 2222' } };
  const ADMIN_BEIJING = bearer({ roles: ['admin'], subject: 'ADM-BJ', orgUnits: ['beijing-branch-3'] });
  const ADMIN_ALL = bearer({ roles: ['admin'], subject: 'ADM-ALL' });
  let inBeijing: string;
  let inShanghai: string;
  const today = () => h.clock.now().slice(0, 10);

  beforeAll(async () => {
    h = await startCommandService('pglite');
    const register = async (orgUnit: string) =>
      (
        await h
          .http()
          .post('/complaints')
          .set(ACTOR)
          .send(registration({ customer, receivedBy: { jobNumber: 'A1001', orgUnit } }))
          .expect(201)
      ).body.complaintId as string;
    inBeijing = await register('beijing-branch-3');
    inShanghai = await register('shanghai-branch-1');
    // An agent reads both: two audited disclosures.
    for (const id of [inBeijing, inShanghai]) await h.http().get(`/complaints/${id}`).set(ACTOR).expect(200);
  });
  afterAll(() => h.close());

  const reads = (headers: Record<string, string>, query: Record<string, string> = {}) =>
    h
      .http()
      .get('/audit/personal-data-reads')
      .query({ from: today(), to: today(), ...query })
      .set(headers);

  it('lists only the reads of the admin’s units’ complaints', async () => {
    const all = await reads(ADMIN_ALL).expect(200);
    expect(new Set(all.body.reads.map((r: { complaintId: string }) => r.complaintId))).toEqual(
      new Set([inBeijing, inShanghai]),
    );
    const scoped = await reads(ADMIN_BEIJING).expect(200);
    expect(scoped.body.reads.map((r: { complaintId: string }) => r.complaintId)).toEqual([inBeijing]);
    // Asking for another unit's complaint by id answers like a complaint nobody read.
    const other = await reads(ADMIN_BEIJING, { complaintId: inShanghai }).expect(200);
    expect(other.body.reads).toEqual([]);
    expect(JSON.stringify(scoped.body)).not.toContain('shanghai');
  });

  it('erases the customer’s data in the admin’s units only, and names no other complaint', async () => {
    const head = await h.store.headPosition();
    const erased = await h
      .http()
      .post('/personal-data/erasures')
      .set(ADMIN_BEIJING)
      .send({ customerReference: customer.reference })
      .expect(200);
    expect(erased.body).toEqual({
      erased: 1,
      complaints: [{ complaintId: inBeijing, erasedAt: expect.any(String) }],
    });
    expect(await h.store.headPosition()).toBe(head);
    const beijing = await h.http().get(`/complaints/${inBeijing}`).set(ACTOR).expect(200);
    expect(beijing.body.customer.name).toBe('[erased]');
    const shanghai = await h.http().get(`/complaints/${inShanghai}`).set(ACTOR).expect(200);
    expect(shanghai.body.customer.name).toBe(customer.name);

    // A second request from the same admin finds nothing more of its own; an unscoped one erases the rest.
    const again = await h
      .http()
      .post('/personal-data/erasures')
      .set(ADMIN_BEIJING)
      .send({ customerReference: customer.reference })
      .expect(200);
    expect(again.body).toEqual({ erased: 0, complaints: [] });
    const rest = await h
      .http()
      .post('/personal-data/erasures')
      .set(ADMIN_ALL)
      .send({ customerReference: customer.reference })
      .expect(200);
    expect(rest.body.complaints).toEqual([{ complaintId: inShanghai, erasedAt: expect.any(String) }]);
  });
});
