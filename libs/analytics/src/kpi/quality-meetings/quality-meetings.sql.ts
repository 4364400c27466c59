import { type AnalyticsStore } from '../../analytics-store.port';
import { assertIdentifier } from '../../shared/identifiers';
import { actionInScope, type OrgUnitScope, scopeParams, UNSCOPED } from '../shared';

/**
 * The quality meetings as the projector keeps them (`quality_meetings`, `quality_meeting_items`), each
 * decision with the corrective action it proposed and where that action stands. A meeting is read by a
 * caller of one of its org units (or an unscoped one), as on the command side; summaries stay in the log.
 */
export type QualityMeetingSummary = {
  meetingId: string;
  businessLine: string;
  week: string;
  orgUnits: string[];
  heldAt: string;
  attendees: string[];
  reviewedArchiveId: string | null;
  chairedBy: string;
  findings: number;
  decisions: number;
};

export type MeetingDecisionAction = {
  actionId: string;
  status: string;
  dueAt: string;
  completedAt: string | null;
  verifiedAt: string | null;
  effective: boolean | null;
};

export type QualityMeetingRecord = Omit<QualityMeetingSummary, 'findings' | 'decisions'> & {
  findings: { findingId: string; causeCodes: string[]; recordedAt: string }[];
  decisions: {
    decisionId: string;
    findingId: string | null;
    actionId: string;
    recordedAt: string;
    /** Null while the action's proposal has not reached the read model. */
    action: MeetingDecisionAction | null;
  }[];
};

type MeetingRow = {
  meeting_id: string;
  business_line: string;
  week: string;
  org_units: string[];
  held_at: string;
  attendees: string[];
  reviewed_archive_id: string | null;
  chaired_by: string;
  findings: string;
  decisions: string;
};

const iso = (value: string) => new Date(value).toISOString();

const summaryOf = (row: MeetingRow): QualityMeetingSummary => ({
  meetingId: row.meeting_id,
  businessLine: row.business_line,
  week: row.week,
  orgUnits: row.org_units,
  heldAt: iso(row.held_at),
  attendees: row.attendees,
  reviewedArchiveId: row.reviewed_archive_id,
  chairedBy: row.chaired_by,
  findings: Number(row.findings),
  decisions: Number(row.decisions),
});

const meetingsSql = (db: string, where: string) =>
  `SELECT m.meeting_id AS meeting_id, m.business_line AS business_line, m.week AS week,
          m.org_units AS org_units, m.held_at AS held_at, m.attendees AS attendees,
          m.reviewed_archive_id AS reviewed_archive_id, m.chaired_by AS chaired_by,
          countIf(i.kind = 'finding') AS findings, countIf(i.kind = 'decision') AS decisions
   FROM (SELECT * FROM ${db}.quality_meetings FINAL WHERE ${where} AND ${actionInScope()}) AS m
   LEFT JOIN (SELECT meeting_id, kind FROM ${db}.quality_meeting_items FINAL) AS i
     ON i.meeting_id = m.meeting_id
   GROUP BY meeting_id, business_line, week, org_units, held_at, attendees, reviewed_archive_id, chaired_by
   ORDER BY held_at DESC, meeting_id`;

export async function listQualityMeetings(
  store: AnalyticsStore,
  database: string,
  request: { businessLine?: string; fromWeek?: string; toWeek?: string; scope?: OrgUnitScope },
): Promise<QualityMeetingSummary[]> {
  const db = assertIdentifier(database);
  const rows = await store.query<MeetingRow>(
    meetingsSql(
      db,
      `({businessLine:Nullable(String)} IS NULL OR business_line = {businessLine:Nullable(String)})
       AND ({fromWeek:Nullable(String)} IS NULL OR week >= {fromWeek:Nullable(String)})
       AND ({toWeek:Nullable(String)} IS NULL OR week <= {toWeek:Nullable(String)})`,
    ),
    {
      businessLine: request.businessLine ?? null,
      fromWeek: request.fromWeek ?? null,
      toWeek: request.toWeek ?? null,
      ...scopeParams(request.scope ?? UNSCOPED),
    },
  );
  return rows.map(summaryOf);
}

/** One meeting's record, or undefined when there is none the caller may read (the two answer alike). */
export async function readQualityMeeting(
  store: AnalyticsStore,
  database: string,
  request: { meetingId: string; scope?: OrgUnitScope },
): Promise<QualityMeetingRecord | undefined> {
  const db = assertIdentifier(database);
  const params = { meetingId: request.meetingId, ...scopeParams(request.scope ?? UNSCOPED) };
  const [row] = await store.query<MeetingRow>(meetingsSql(db, 'meeting_id = {meetingId:String}'), params);
  if (!row) return undefined;
  const items = await store.query<{
    item_id: string;
    kind: string;
    cause_codes: string[];
    finding_id: string | null;
    action_id: string | null;
    recorded_at: string;
    status: string | null;
    due_at: string | null;
    completed_at: string | null;
    verified_at: string | null;
    effective: number | null;
  }>(
    `SELECT i.item_id AS item_id, i.kind AS kind, i.cause_codes AS cause_codes, i.finding_id AS finding_id,
            i.action_id AS action_id, i.recorded_at AS recorded_at,
            a.status AS status, a.due_at AS due_at, a.completed_at AS completed_at,
            a.verified_at AS verified_at, a.effective AS effective
     FROM (SELECT * FROM ${db}.quality_meeting_items FINAL WHERE meeting_id = {meetingId:String}) AS i
     LEFT JOIN (SELECT action_id, status, due_at, completed_at, verified_at, effective
                FROM ${db}.corrective_actions FINAL
                WHERE meeting_id = {meetingId:String}) AS a
       ON a.action_id = i.action_id
     ORDER BY i.recorded_at, i.item_id
     SETTINGS join_use_nulls = 1`,
    params,
  );
  const { findings: _f, decisions: _d, ...meeting } = summaryOf(row);
  return {
    ...meeting,
    findings: items
      .filter((item) => item.kind === 'finding')
      .map((item) => ({
        findingId: item.item_id,
        causeCodes: item.cause_codes,
        recordedAt: iso(item.recorded_at),
      })),
    decisions: items
      .filter((item) => item.kind === 'decision')
      .map((item) => ({
        decisionId: item.item_id,
        findingId: item.finding_id,
        actionId: item.action_id ?? '',
        recordedAt: iso(item.recorded_at),
        action:
          item.status === null || item.due_at === null
            ? null
            : {
                actionId: item.action_id ?? '',
                status: item.status,
                dueAt: iso(item.due_at),
                completedAt: item.completed_at === null ? null : iso(item.completed_at),
                verifiedAt: item.verified_at === null ? null : iso(item.verified_at),
                effective: item.effective === null ? null : Number(item.effective) === 1,
              },
      })),
  };
}
