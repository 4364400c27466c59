import {
  assembleExecutiveReport,
  type ExecutiveCorrectiveActions,
  executiveCountRequests,
  executivePlan,
  type ExecutiveReport,
  type ExecutiveReportRequest,
} from '@app/analytics/kpi/executive';
import { num } from '@app/analytics/kpi/shared';
import { type Pool } from 'pg';
import { type PgParamValue, PgParams } from './postgres-params';
import { schemaName } from './postgres-tables';
import { pgCountMemberSets } from './postgres-weekly-pack';

/**
 * The executive report of `executive-report.sql.ts` computed by PostgreSQL: the same member sets of
 * the three periods counted in one statement (`pgCountMemberSets`), the same corrective-action figures
 * at the end of the period, and the same TypeScript turning them into the `ExecutiveReport`.
 */
async function pgCorrectiveActionsAt(
  pool: Pool,
  schema: string,
  named: Readonly<Record<string, PgParamValue>>,
): Promise<ExecutiveCorrectiveActions> {
  const s = schemaName(schema);
  const p = new PgParams(named);
  const [start, end] = [p.ref('currentStart', 'timestamptz'), p.ref('currentEnd', 'timestamptz')];
  const before = (column: string) => `coalesce(${column} < ${end}, false)`;
  const within = (column: string) => `coalesce(${column} >= ${start} AND ${column} < ${end}, false)`;
  const { rows } = await pool.query<Record<string, string>>(
    `SELECT count(*) FILTER (WHERE state = 'proposed') AS proposed,
            count(*) FILTER (WHERE state = 'started') AS started,
            count(*) FILTER (WHERE state = 'completed') AS completed,
            count(*) FILTER (WHERE state = 'verified') AS verified,
            count(*) FILTER (WHERE due_at < ${end} AND NOT ${before('completed_at')}) AS overdue,
            count(*) FILTER (WHERE ${within('completed_at')}) AS completed_in_period,
            count(*) FILTER (WHERE ${within('completed_at')} AND completed_overdue = 1) AS completed_late,
            count(*) FILTER (WHERE ${within('verified_at')} AND effective = 1) AS verified_effective,
            count(*) FILTER (WHERE ${within('verified_at')} AND effective = 0) AS verified_not_effective
     FROM (
       SELECT *, CASE WHEN ${before('verified_at')} THEN 'verified' WHEN ${before('completed_at')} THEN 'completed'
                      WHEN ${before('started_at')} THEN 'started' ELSE 'proposed' END AS state
       FROM ${s}.corrective_actions
       WHERE proposed_at < ${end}
         AND (${p.ref('businessLine', 'text')} IS NULL OR business_line = ${p.ref('businessLine', 'text')})
         AND (${p.ref('orgUnit', 'text')} IS NULL OR ${p.ref('orgUnit', 'text')} = ANY (org_units))
     ) AS a`,
    p.values,
  );
  const [row] = rows;
  return {
    byStatus: {
      proposed: num(row.proposed),
      started: num(row.started),
      completed: num(row.completed),
      verified: num(row.verified),
    },
    overdue: num(row.overdue),
    completedInPeriod: { total: num(row.completed_in_period), late: num(row.completed_late) },
    verifiedInPeriod: {
      effective: num(row.verified_effective),
      notEffective: num(row.verified_not_effective),
    },
  };
}

/** `executiveReport` over the PostgreSQL tables in `schema` (unscoped): the same request, the same report. */
export async function pgExecutiveReport(
  pool: Pool,
  schema: string,
  request: ExecutiveReportRequest,
): Promise<ExecutiveReport> {
  if (request.scope !== undefined && request.scope !== 'all')
    throw new Error('the PostgreSQL baseline computes unscoped reports only');
  const plan = executivePlan(request);
  const named = plan.params as Record<string, PgParamValue>;
  const [counts, actions] = await Promise.all([
    pgCountMemberSets(pool, schema, executiveCountRequests(), named),
    pgCorrectiveActionsAt(pool, schema, named),
  ]);
  return assembleExecutiveReport(plan, counts, actions);
}
