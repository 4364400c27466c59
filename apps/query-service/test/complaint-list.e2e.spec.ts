import { ADMIN, AGENT, bearer } from '@app/platform/auth/test-support';
import {
  type ComplaintListPage,
  type WorklistCounts,
} from '@app/analytics/complaint-list/complaint-list.sql';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';
import { complaintListScenario } from './complaint-list.scenario';

/** `GET /complaints`, its CSV and the worklists over HTTP, on complaint-list.scenario.ts. */
describe('query service: complaint search, list and worklists', () => {
  let service: QueryServiceUnderTest;
  const BRANCH_12 = bearer({ roles: ['agent'], subject: 'A1001', orgUnits: ['branch-12'] });
  const HANDLER = bearer({ roles: ['agent'], subject: 'S4001' });

  beforeAll(async () => {
    service = await startQueryService('complaint_list', complaintListScenario().events);
  });

  afterAll(async () => {
    await service?.close();
  });

  const ids = async (query: Record<string, string>, credential = ADMIN): Promise<string[]> => {
    const response = await service.as(credential).get('/complaints').query(query);
    expect(response.status).toBe(200);
    return (response.body as ComplaintListPage).items.map((item) => item.complaintId).sort();
  };

  it.each([
    ['complaintId', { complaintId: 'l5' }, ['l5']],
    ['acceptanceNumber', { acceptanceNumber: 'PO-20261203-0003' }, ['l3']],
    ['sourceExternalId', { sourceExternalId: 'HL-1' }, ['l1']],
    ['the source pair', { sourceSystem: 'hotline-platform', sourceExternalId: 'HL-1' }, ['l1']],
    ['a source pair that does not match', { sourceSystem: 'web-portal', sourceExternalId: 'HL-1' }, []],
    ['status', { status: 'replied' }, ['l4']],
    ['businessLine', { businessLine: 'telecom' }, ['l2']],
    ['orgUnit', { orgUnit: 'branch-9' }, ['l5', 'l6']],
    ['channel', { channel: 'web' }, ['l3']],
    ['category', { category: 'item-lost' }, ['l3']],
    ['severity', { severity: 'serious' }, ['l1']],
    ['cause', { cause: 'staff-attitude' }, ['l4']],
    ['assignee: a handler holding a dispatch', { assignee: 'S4001' }, ['l5']],
    ['assignee: a department holding a dispatch', { assignee: 'network-dept' }, ['l2']],
    ['registeredFrom (an instant)', { registeredFrom: hoursFromNow(-50) }, ['l2', 'l3']],
    ['registeredTo (an instant)', { registeredTo: hoursFromNow(-200) }, ['l4', 'l7']],
    ['deadlineBefore', { deadlineBefore: hoursFromNow(0) }, ['l1', 'l4', 'l5', 'l7']],
    ['overdue', { overdue: 'true' }, ['l1', 'l5']],
    ['awaitingApproval', { awaitingApproval: 'true' }, ['l3']],
    ['appealPending', { appealPending: 'true' }, ['l4']],
    ['filters combined', { businessLine: 'postal', overdue: 'true', orgUnit: 'branch-12' }, ['l1']],
  ])('filters by %s', async (_name, query, expected) => {
    expect(await ids(query)).toEqual(expected);
  });

  it('answers a search with the complaint as a list shows it: no personal data', async () => {
    const response = await service
      .as(AGENT)
      .get('/complaints')
      .query({ acceptanceNumber: 'PO-20261201-0001' });
    const page = response.body as ComplaintListPage;
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({
      complaintId: 'l1',
      acceptanceNumber: 'PO-20261201-0001',
      source: { system: 'hotline-platform', externalId: 'HL-1' },
      businessLine: 'postal',
      channel: 'counter',
      category: 'item-damaged',
      severity: 'serious',
      status: 'acknowledged',
      orgUnit: 'branch-12',
      deadlineMet: null,
      overdue: true,
    });
    expect(JSON.stringify(page)).not.toMatch(/Wang Fang|5555|broken vase|Compensation for the vase/);
  });

  it('a scoped caller never sees another unit’s complaint, listed or counted', async () => {
    expect(await ids({}, BRANCH_12)).toEqual(['l1', 'l3', 'l4', 'l6', 'l7']);
    expect(await ids({ acceptanceNumber: 'PO-20261205-0005' }, BRANCH_12)).toEqual([]);
    const overdue = await service.as(BRANCH_12).get('/complaints').query({ overdue: 'true' });
    expect(overdue.body).toMatchObject({ total: 1, filters: { scope: ['branch-12'] } });
    const counts = (await service.as(BRANCH_12).get('/worklists')).body as WorklistCounts;
    expect(counts.counts).toEqual({
      dueSoon: 0,
      overdue: 1,
      awaitingMyApproval: 1,
      dispatchedToMyUnit: 1,
      appealsPending: 1,
    });
    const outside = await service.as(BRANCH_12).get('/complaints').query({ orgUnit: 'branch-9' });
    expect(outside.status).toBe(403);
    expect(outside.body).toMatchObject({ code: 'AUTH.OUT_OF_SCOPE' });
  });

  it.each([
    ['dueSoon', ['l2']],
    ['overdue', ['l1', 'l5']],
    ['awaitingMyApproval', ['l3']],
    ['dispatchedToMyUnit', ['l2', 'l5', 'l6']],
    ['appealsPending', ['l4']],
  ])('worklist %s lists what its badge counts', async (worklist, expected) => {
    expect(await ids({ worklist })).toEqual(expected);
    const counts = (await service.as(ADMIN).get('/worklists')).body as WorklistCounts;
    expect(counts.counts[worklist as keyof WorklistCounts['counts']]).toBe(expected.length);
  });

  it('dispatched to my unit: a handler’s own open dispatches', async () => {
    expect(await ids({ worklist: 'dispatchedToMyUnit' }, HANDLER)).toEqual(['l2', 'l5', 'l6']);
    const mine = bearer({ roles: ['agent'], subject: 'S4001', orgUnits: ['branch-9'] });
    expect(await ids({ worklist: 'dispatchedToMyUnit' }, mine)).toEqual(['l5']);
    expect(await ids({ worklist: 'dispatchedToMyUnit' }, BRANCH_12)).toEqual(['l6']);
  });

  it('the due-soon window is a parameter', async () => {
    expect(await ids({ worklist: 'dueSoon', dueWithinHours: '200' })).toEqual(['l2', 'l3']);
    const counts = await service.as(ADMIN).get('/worklists').query({ dueWithinHours: '200' });
    expect((counts.body as WorklistCounts).counts.dueSoon).toBe(2);
  });

  it.each([
    ['registeredAt', ['l7', 'l4', 'l6', 'l5', 'l1', 'l2', 'l3']],
    ['-registeredAt', ['l3', 'l2', 'l1', 'l5', 'l6', 'l4', 'l7']],
    ['age', ['l3', 'l2', 'l1', 'l5', 'l6', 'l4', 'l7']],
    ['-age', ['l7', 'l4', 'l6', 'l5', 'l1', 'l2', 'l3']],
    ['deadline', ['l7', 'l4', 'l1', 'l5', 'l2', 'l3', 'l6']],
    ['-deadline', ['l3', 'l2', 'l5', 'l1', 'l4', 'l7', 'l6']],
  ])('sorts by %s, page after page through the cursor', async (sort, expected) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = { sort, limit: '2', ...(cursor ? { cursor } : {}) };
      const page = (await service.as(ADMIN).get('/complaints').query(query)).body as ComplaintListPage;
      expect(page.total).toBe(7);
      seen.push(...page.items.map((item) => item.complaintId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  it('answers the same page as CSV', async () => {
    const query = { businessLine: 'postal', sort: 'registeredAt', limit: '3' };
    const json = (await service.as(ADMIN).get('/complaints').query(query)).body as ComplaintListPage;
    const csv = await service.as(ADMIN).get('/complaints.csv').query(query);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'complaintId,acceptanceNumber,registeredAt,businessLine,channel,category,severity,status,orgUnit,' +
        'replyDeadline,onTime,causes,sourceSystem,sourceExternalId,handler,assignees',
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(
      json.items.map((item) => item.complaintId),
    );
    expect(lines[2]).toContain(',replied,branch-12,');
    expect(lines[2]).toContain(',met,staff-attitude,');
  });

  it.each([
    ['an unknown status', { status: 'lost' }, 'status', 'QUERY.INVALID_STATUS'],
    ['an unknown severity', { severity: 'grave' }, 'severity', 'QUERY.INVALID_SEVERITY'],
    ['a malformed channel', { channel: 'Counter Desk' }, 'channel', 'QUERY.INVALID_CHANNEL'],
    ['a malformed cause', { cause: 'x;DROP' }, 'cause', 'QUERY.INVALID_CAUSE'],
    ['a malformed category', { category: 'A B' }, 'category', 'QUERY.INVALID_CATEGORY'],
    ['a malformed business line', { businessLine: 'Postal!' }, 'businessLine', 'QUERY.INVALID_BUSINESS_LINE'],
    [
      'an acceptance number with control characters',
      { acceptanceNumber: 'PO\u0007' },
      'acceptanceNumber',
      'QUERY.INVALID_ACCEPTANCE_NUMBER',
    ],
    [
      'too long an upstream id',
      { sourceExternalId: 'x'.repeat(201) },
      'sourceExternalId',
      'QUERY.INVALID_SOURCE',
    ],
    ['an assignee with control characters', { assignee: 'S\u0007' }, 'assignee', 'QUERY.INVALID_ASSIGNEE'],
    ['a date that is no date', { registeredFrom: 'yesterday' }, 'registeredFrom', 'QUERY.INVALID_DATE'],
    ['a day that does not exist', { registeredTo: '2026-02-30' }, 'registeredTo', 'QUERY.INVALID_DATE'],
    ['a deadline that is no date', { deadlineBefore: '2026-13-01' }, 'deadlineBefore', 'QUERY.INVALID_DATE'],
    [
      'a range that ends before it starts',
      { registeredFrom: '2026-03-05', registeredTo: '2026-03-01' },
      'registeredTo',
      'QUERY.INVALID_RANGE',
    ],
    ['a flag that is neither true nor false', { overdue: 'yes' }, 'overdue', 'QUERY.INVALID_FLAG'],
    ['an unknown worklist', { worklist: 'mine' }, 'worklist', 'QUERY.UNKNOWN_WORKLIST'],
    ['a due-soon window of 0 hours', { dueWithinHours: '0' }, 'dueWithinHours', 'QUERY.INVALID_DUE_WITHIN'],
    ['an unknown sort', { sort: 'name' }, 'sort', 'QUERY.INVALID_SORT'],
    ['a limit above 200', { limit: '201' }, 'limit', 'QUERY.INVALID_LIMIT'],
    ['a limit that is no number', { limit: 'ten' }, 'limit', 'QUERY.INVALID_LIMIT'],
    ['a forged cursor', { cursor: 'bm90IGEgY3Vyc29y' }, 'cursor', 'QUERY.INVALID_CURSOR'],
    [
      'a cursor of another sort',
      { cursor: cursorFor('deadline'), sort: 'registeredAt' },
      'cursor',
      'QUERY.INVALID_CURSOR',
    ],
    ['an unknown parameter', { customerName: 'Wang' }, 'customerName', 'QUERY.UNKNOWN_PARAMETER'],
  ])('refuses %s with 400 naming the field, the reason and the code', async (_case, query, field, code) => {
    for (const path of ['/complaints', '/complaints.csv']) {
      const response = await service.as(ADMIN).get(path).query(query);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({
        statusCode: 400,
        errors: expect.arrayContaining([{ field, code, reason: expect.any(String) }]),
      });
    }
  });

  it('refuses a bad window on the badge counts too', async () => {
    const response = await service.as(ADMIN).get('/worklists').query({ dueWithinHours: '9999' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ errors: [expect.objectContaining({ field: 'dueWithinHours' })] });
  });

  it('binds a hostile value as a value: nothing found', async () => {
    expect(await ids({ acceptanceNumber: "x' OR 1=1 --" })).toEqual([]);
  });

  // Last: it adds complaints.
  it('a page stays where it was while complaints are added', async () => {
    const first = (await service.as(ADMIN).get('/complaints').query({ sort: 'registeredAt', limit: '3' }))
      .body as ComplaintListPage;
    const { events } = complaintListScenario(Date.now() - 10 * 24 * 3_600_000);
    // The same scenario ten days earlier, renamed: older complaints land before the cursor.
    const { projectBatch, writeRows } = await import('@app/analytics');
    const { ctx } = await import('@app/analytics/test-support/projection-fixtures');
    const renamed = events.map((event) => ({
      ...event,
      streamId: event.streamId.replace(/l(\d)$/, 'm$1'),
      data: {
        ...event.data,
        complaintId: `m${String(event.data.complaintId).slice(1)}`,
        acceptanceNumber: 'OLD',
      },
    }));
    await writeRows(service.db.store, service.db.database, projectBatch(renamed, ctx).rows);
    const next = (
      await service
        .as(ADMIN)
        .get('/complaints')
        .query({ sort: 'registeredAt', limit: '10', cursor: first.nextCursor! })
    ).body as ComplaintListPage;
    expect(first.items.map((item) => item.complaintId)).toEqual(['l7', 'l4', 'l6']);
    expect(next.items.map((item) => item.complaintId)).toEqual(['l5', 'l1', 'l2', 'l3']);
    expect(next.total).toBe(7 + 7);
  });
});

function hoursFromNow(hours: number): string {
  return new Date(Date.now() + hours * 3_600_000).toISOString();
}

function cursorFor(sort: string): string {
  return Buffer.from(JSON.stringify([sort, '2026-03-02T09:00:00.000Z', 'l1'])).toString('base64url');
}
