import { ANALYST } from '@app/platform/auth/test-support';
import { type QueryServiceUnderTest, startQueryService } from './query-service.harness';
import { recordScenario } from '@app/analytics/kpi/weekly-pack/test-support/weekly-pack.scenario';
import { type DrillDownReport } from '../src/reports/drill-down/get-drill-down.query';

/** The lists behind the pack's figures over HTTP, on the scenario of weekly-pack.scenario.ts (2026-W10, postal). */
describe('query service: drill-down', () => {
  let service: QueryServiceUnderTest;
  const http = () => service.as(ANALYST);
  const week = { week: '2026-W10', businessLine: 'postal' };

  beforeAll(async () => {
    service = await startQueryService('drill_http', recordScenario());
  });

  afterAll(async () => {
    await service?.close();
  });

  it('lists the 8 complaints of the volume, a page at a time', async () => {
    const response = await http()
      .get('/reports/drill-down')
      .query({ ...week, metric: 'volume', page: '2', pageSize: '5' });
    expect(response.status).toBe(200);
    expect(response.body as DrillDownReport).toEqual({
      metric: 'volume',
      key: null,
      week: '2026-W10',
      filters: { businessLine: 'postal', orgUnit: null, scope: null },
      members: 8,
      total: 8,
      page: 2,
      pageSize: 5,
      pages: 2,
      complaintIds: ['k06', 'k07', 'k08'],
      complaints: expect.any(Array),
    });
    // Each listed complaint as a complaint table shows it, in the order of the ids.
    const { complaints } = response.body as DrillDownReport;
    expect(complaints.map((complaint) => complaint.complaintId)).toEqual(['k06', 'k07', 'k08']);
    expect(complaints[0]).toMatchObject({ acceptanceNumber: 'PO-k06', businessLine: 'postal' });
  });

  it('narrows a breakdown by its key, and answers the list as CSV', async () => {
    const query = { ...week, metric: 'breakdowns.channel', key: 'hotline-11185' };
    const json = await http().get('/reports/drill-down').query(query);
    expect((json.body as DrillDownReport).complaintIds).toEqual(['k02', 'k05', 'k08']);
    const csv = await http().get('/reports/drill-down.csv').query(query);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^complaintId,acceptanceNumber,registeredAt,businessLine,channel,/);
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(['k02', 'k05', 'k08']);
    expect(lines.slice(1).every((line) => line.includes(',hotline-11185,'))).toBe(true);
  });

  it.each([
    ['an unknown metric', { metric: 'salaries' }, 'metric', 'QUERY.UNKNOWN_METRIC'],
    ['no metric', {}, 'metric', 'QUERY.REQUIRED'],
    ['a breakdown without its key', { metric: 'breakdowns.channel' }, 'key', 'QUERY.KEY_REQUIRED'],
    ['a key on a figure without keys', { metric: 'volume', key: 'x' }, 'key', 'QUERY.KEY_NOT_ALLOWED'],
    ['too large a page size', { metric: 'volume', pageSize: '201' }, 'pageSize', 'QUERY.INVALID_PAGE_SIZE'],
    [
      'a page size that is no number',
      { metric: 'volume', pageSize: '1e3x' },
      'pageSize',
      'QUERY.INVALID_PAGE_SIZE',
    ],
    ['page 0', { metric: 'volume', page: '0' }, 'page', 'QUERY.INVALID_PAGE'],
    [
      'a key with control characters',
      { metric: 'overdueOpen', key: '3-7\u0007' },
      'key',
      'QUERY.INVALID_KEY',
    ],
    ['an unknown parameter', { metric: 'volume', sort: 'name' }, 'sort', 'QUERY.UNKNOWN_PARAMETER'],
  ])('refuses %s with 400 naming the field', async (_case, query, field, code) => {
    const response = await http()
      .get('/reports/drill-down')
      .query({ ...week, ...query });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      errors: expect.arrayContaining([{ field, code, reason: expect.any(String) }]),
    });
  });

  it('binds a hostile key as a value: an empty list', async () => {
    const response = await http()
      .get('/reports/drill-down')
      .query({ ...week, metric: 'rootCausePareto', key: "x' OR 1=1 --" });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ total: 0, complaintIds: [] });
  });
});
