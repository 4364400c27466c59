import { type AnalyticsStore } from '../analytics-store.port';
import { actionInScope, type OrgUnitScope, scopeParams } from '../kpi/shared';
import { ANALYTICS_TABLES } from '../migrations/analytics-tables';
import { qualified } from '../shared/identifiers';
import { ALERT_RULES, type AlertRule } from './alert-rules';

export const ALERT_STATUSES = ['open', 'acknowledged', 'all'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_LIST_MAX_PAGE_SIZE = 200;

export type AlertListFilters = {
  status: AlertStatus;
  rule?: AlertRule;
  businessLine?: string;
  page: number;
  pageSize: number;
};

/** One alert as the list shows it: codes, figures and ids, never customer data. */
export type AlertListItem = {
  alertId: string;
  rule: AlertRule;
  key: string;
  period: string;
  businessLine: string;
  orgUnits: string[];
  figures: Record<string, number | string>;
  /** The dashboard page listing what is behind the alert. */
  link: string;
  raisedAt: string;
  acknowledged: { by: string; role: string; at: string } | null;
  /** Webhooks that refused it through every retry (its dead letters). */
  undelivered: string[];
};

export type AlertList = {
  items: AlertListItem[];
  page: number;
  pageSize: number;
  total: number;
};

type Row = {
  alert_id: string;
  rule: string;
  key: string;
  period: string;
  business_line: string;
  org_units: string[];
  figures: string;
  link: string;
  raised_at: string;
  ack_id: string;
  acknowledged_by: string;
  role: string;
  acknowledged_at: string;
  undelivered: string[];
  total: string;
};

/**
 * `GET /alerts`: the alerts whose org units meet the caller's scope, newest first, with their
 * acknowledgement. An alert outside the scope is neither listed nor counted.
 */
export async function listAlerts(
  store: AnalyticsStore,
  database: string,
  scope: OrgUnitScope,
  filters: AlertListFilters,
): Promise<AlertList> {
  const alerts = qualified(database, ANALYTICS_TABLES.alerts);
  const acks = qualified(database, ANALYTICS_TABLES.alertAcknowledgements);
  const deadLetters = qualified(database, ANALYTICS_TABLES.alertDeadLetters);
  const status =
    filters.status === 'open'
      ? `AND k.alert_id = ''`
      : filters.status === 'acknowledged'
        ? `AND k.alert_id != ''`
        : '';
  const rows = await store.query<Row>(
    `SELECT a.alert_id AS alert_id, a.rule AS rule, a.key AS key, a.period AS period,
            a.business_line AS business_line, a.org_units AS org_units, a.figures AS figures, a.link AS link,
            a.raised_at AS raised_at, k.alert_id AS ack_id, k.acknowledged_by AS acknowledged_by,
            k.role AS role, k.acknowledged_at AS acknowledged_at, d.webhooks AS undelivered,
            count() OVER () AS total
     FROM (SELECT * FROM ${alerts} FINAL) AS a
     LEFT JOIN (SELECT * FROM ${acks} FINAL) AS k ON k.alert_id = a.alert_id
     LEFT JOIN (SELECT alert_id, groupUniqArray(webhook_id) AS webhooks FROM ${deadLetters} GROUP BY alert_id) AS d
       ON d.alert_id = a.alert_id
     WHERE ${actionInScope('a.org_units')}
       AND ({rule:String} = '' OR a.rule = {rule:String})
       AND ({line:String} = '' OR a.business_line = {line:String})
       ${status}
     ORDER BY a.raised_at DESC, a.alert_id
     LIMIT {limit:UInt32} OFFSET {offset:UInt32}`,
    {
      ...scopeParams(scope),
      rule: filters.rule ?? '',
      line: filters.businessLine ?? '',
      limit: filters.pageSize,
      offset: (filters.page - 1) * filters.pageSize,
    },
  );
  let total = Number(rows[0]?.total ?? 0);
  if (rows.length === 0 && filters.page > 1) total = await countAlerts(store, database, scope, filters);
  return {
    items: rows.map((row) => ({
      alertId: row.alert_id,
      rule: row.rule as AlertRule,
      key: row.key,
      period: row.period,
      businessLine: row.business_line,
      orgUnits: row.org_units,
      figures: JSON.parse(row.figures) as Record<string, number | string>,
      link: row.link,
      raisedAt: row.raised_at,
      acknowledged: row.ack_id ? { by: row.acknowledged_by, role: row.role, at: row.acknowledged_at } : null,
      undelivered: [...(row.undelivered ?? [])].sort(),
    })),
    page: filters.page,
    pageSize: filters.pageSize,
    total,
  };
}

/** The count alone, for a page past the end (its window function has no row to ride on). */
async function countAlerts(
  store: AnalyticsStore,
  database: string,
  scope: OrgUnitScope,
  filters: AlertListFilters,
): Promise<number> {
  const page = await listAlerts(store, database, scope, { ...filters, page: 1, pageSize: 1 });
  return page.total;
}

export const isAlertRule = (value: string): value is AlertRule =>
  (ALERT_RULES as readonly string[]).includes(value);
