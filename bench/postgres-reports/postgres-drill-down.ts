import { DRILL_DOWN_METRICS, type DrillDownMetric } from '@app/analytics/kpi/drill-down';
import { num, PERIOD } from '@app/analytics/kpi/shared';
import { type Pool } from 'pg';
import { PgParams } from './postgres-params';
import { pgMemberSet } from './postgres-member-sets';
import { schemaName } from './postgres-tables';

/**
 * The drill-down of `drill-down.sql.ts` over the PostgreSQL tables (unscoped): the figure's member
 * set, narrowed by its key, counted and paged by complaint id — the same rows the pack counted.
 */
export async function pgDrillDown(
  pool: Pool,
  schema: string,
  request: {
    metric: DrillDownMetric;
    key?: string;
    period: { start: Date; end: Date };
    businessLine?: string;
    page?: number;
    pageSize?: number;
  },
): Promise<{ members: number; total: number; complaintIds: string[] }> {
  const s = schemaName(schema);
  const spec = DRILL_DOWN_METRICS[request.metric];
  const key = ('fixedKey' in spec ? spec.fixedKey : undefined) ?? request.key ?? null;
  const pageSize = request.pageSize ?? 50;
  const named = {
    start: request.period.start,
    end: request.period.end,
    businessLine: request.businessLine ?? null,
    orgUnit: null,
    key,
    limit: pageSize,
    offset: ((request.page ?? 1) - 1) * pageSize,
  };
  const members = (p: PgParams) =>
    `(SELECT m.complaint_id FROM (${pgMemberSet(spec.set, s, PERIOD, p)}) AS m
      WHERE ${p.ref('key', 'text')} IS NULL OR m.key::text = ${p.ref('key', 'text')})`;
  const c = new PgParams(named);
  const l = new PgParams(named);
  const [counts, page] = await Promise.all([
    pool.query<{ members: string; total: string }>(
      `SELECT count(*) AS members, count(DISTINCT complaint_id) AS total FROM ${members(c)} AS x`,
      c.values,
    ),
    pool.query<{ complaint_id: string }>(
      `SELECT complaint_id FROM ${members(l)} AS x GROUP BY complaint_id ORDER BY complaint_id COLLATE "C"
       LIMIT ${l.ref('limit', 'integer')} OFFSET ${l.ref('offset', 'integer')}`,
      l.values,
    ),
  ]);
  return {
    members: num(counts.rows[0].members),
    total: num(counts.rows[0].total),
    complaintIds: page.rows.map((row) => row.complaint_id),
  };
}
