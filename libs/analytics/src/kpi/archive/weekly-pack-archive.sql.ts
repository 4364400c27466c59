import { type AnalyticsStore } from '../../analytics-store.port';
import { assertIdentifier } from '../../shared/identifiers';
import { type OrgUnitScope, scopeParams, UNSCOPED } from '../shared';
import { type WeeklyPack } from '../weekly-pack';

/**
 * The archived weekly packs (`weekly_pack_archives`), read as recorded. Scope: a whole line's pack draws
 * on every unit, so only an unscoped reader sees it; a unit's pack is seen by a reader of that unit.
 */
export type ArchivedPackSummary = {
  archiveId: string;
  businessLine: string;
  week: string;
  /** Null for the whole business line. */
  orgUnit: string | null;
  timeZone: string;
  definitionsVersion: string;
  generatedAt: string;
};

export type ArchivedPack = ArchivedPackSummary & { pack: WeeklyPack };

export type ArchiveListRequest = {
  businessLine?: string;
  /** One receiving unit's packs only. */
  orgUnit?: string;
  /** Inclusive ISO weeks, `YYYY-Www`: they sort as text. */
  fromWeek?: string;
  toWeek?: string;
  scope?: OrgUnitScope;
};

type ArchiveRow = {
  archive_id: string;
  business_line: string;
  week: string;
  org_unit: string;
  time_zone: string;
  definitions_version: string;
  generated_at: string;
};

const COLUMNS = 'archive_id, business_line, week, org_unit, time_zone, definitions_version, generated_at';

/** A whole line's pack needs an unscoped reader; a unit's, a reader of that unit. */
const VISIBLE = `(NOT {scoped:Bool} OR (org_unit != '' AND org_unit IN {orgUnits:Array(String)}))`;

const summaryOf = (row: ArchiveRow): ArchivedPackSummary => ({
  archiveId: row.archive_id,
  businessLine: row.business_line,
  week: row.week,
  orgUnit: row.org_unit === '' ? null : row.org_unit,
  timeZone: row.time_zone,
  definitionsVersion: row.definitions_version,
  generatedAt: new Date(row.generated_at).toISOString(),
});

export async function listArchivedPacks(
  store: AnalyticsStore,
  database: string,
  request: ArchiveListRequest,
): Promise<ArchivedPackSummary[]> {
  const db = assertIdentifier(database);
  const rows = await store.query<ArchiveRow>(
    `SELECT ${COLUMNS} FROM ${db}.weekly_pack_archives FINAL
     WHERE ({businessLine:Nullable(String)} IS NULL OR business_line = {businessLine:Nullable(String)})
       AND ({orgUnit:Nullable(String)} IS NULL OR org_unit = {orgUnit:Nullable(String)})
       AND ({fromWeek:Nullable(String)} IS NULL OR week >= {fromWeek:Nullable(String)})
       AND ({toWeek:Nullable(String)} IS NULL OR week <= {toWeek:Nullable(String)})
       AND ${VISIBLE}
     ORDER BY week DESC, business_line, org_unit`,
    {
      businessLine: request.businessLine ?? null,
      orgUnit: request.orgUnit ?? null,
      fromWeek: request.fromWeek ?? null,
      toWeek: request.toWeek ?? null,
      ...scopeParams(request.scope ?? UNSCOPED),
    },
  );
  return rows.map(summaryOf);
}

/** One archived pack, or undefined when there is none the reader may see (the two answer alike). */
export async function readArchivedPack(
  store: AnalyticsStore,
  database: string,
  request: { businessLine: string; week: string; orgUnit: string | null; scope?: OrgUnitScope },
): Promise<ArchivedPack | undefined> {
  const db = assertIdentifier(database);
  const [row] = await store.query<ArchiveRow & { figures: string }>(
    `SELECT ${COLUMNS}, figures FROM ${db}.weekly_pack_archives FINAL
     WHERE business_line = {businessLine:String} AND week = {week:String} AND org_unit = {orgUnit:String}
       AND ${VISIBLE}`,
    {
      businessLine: request.businessLine,
      week: request.week,
      orgUnit: request.orgUnit ?? '',
      ...scopeParams(request.scope ?? UNSCOPED),
    },
  );
  return row === undefined ? undefined : { ...summaryOf(row), pack: JSON.parse(row.figures) as WeeklyPack };
}

/**
 * Where the live figures depart from the archived ones: the JSON paths whose values differ, in order
 * (`volume.count`, `rootCausePareto[0].count`…). Numbers are compared exactly: both sides come from the
 * same code, so any difference is a change in the data, not rounding.
 */
export const packDifferences = (archived: unknown, live: unknown, path = ''): string[] => {
  if (Array.isArray(archived) && Array.isArray(live)) {
    const length = Math.max(archived.length, live.length);
    return Array.from({ length }, (_, i) => packDifferences(archived[i], live[i], `${path}[${i}]`)).flat();
  }
  if (isObject(archived) && isObject(live)) {
    const keys = [...new Set([...Object.keys(archived), ...Object.keys(live)])];
    return keys.flatMap((key) => packDifferences(archived[key], live[key], path ? `${path}.${key}` : key));
  }
  return Object.is(archived, live) ? [] : [path || '(root)'];
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
