import {
  COMPLAINT_STREAM_PREFIX,
  CORRECTIVE_ACTION_STREAM_PREFIX,
  QUALITY_MEETING_STREAM_PREFIX,
  WEEKLY_PACK_ARCHIVE_STREAM_PREFIX,
} from '@app/complaints';
import { type AnalyticsStore } from '../analytics-store.port';
import { qualified } from '../shared/identifiers';
import {
  type ComplaintCauseRow,
  type ComplaintRow,
  type CorrectiveActionRow,
  type KpiMemberRow,
} from '../projections/analytics-rows';
import { sortMembers } from '../projections/kpi-member-rows';
import { type StreamState } from '../projections/stream-state';

const idsWithPrefix = (streamIds: readonly string[], prefix: string): string[] =>
  streamIds.filter((id) => id.startsWith(prefix)).map((id) => id.slice(prefix.length));

/**
 * The projection state of each stream as the tables hold it (under FINAL), for a projector that
 * restarts or does not keep every stream in memory. Streams with no rows are absent from the map.
 */
export async function readStreamStates(
  store: AnalyticsStore,
  database: string,
  streamIds: readonly string[],
): Promise<Map<string, StreamState>> {
  const states = new Map<string, StreamState>();
  const complaintIds = idsWithPrefix(streamIds, COMPLAINT_STREAM_PREFIX);
  const actionIds = idsWithPrefix(streamIds, CORRECTIVE_ACTION_STREAM_PREFIX);
  const archiveIds = idsWithPrefix(streamIds, WEEKLY_PACK_ARCHIVE_STREAM_PREFIX);
  const meetingIds = idsWithPrefix(streamIds, QUALITY_MEETING_STREAM_PREFIX);

  if (archiveIds.length > 0) {
    const archives = await store.query<{ archive_id: string; version: number }>(
      `SELECT archive_id, version FROM ${qualified(database, 'weekly_pack_archives')} FINAL
       WHERE archive_id IN {ids:Array(String)}`,
      { ids: archiveIds },
    );
    for (const { archive_id, version } of archives)
      states.set(`${WEEKLY_PACK_ARCHIVE_STREAM_PREFIX}${archive_id}`, {
        kind: 'weekly-pack-archive',
        version: Number(version),
      });
  }

  if (meetingIds.length > 0) {
    // A meeting's last revision is the newest of its own row and its findings' and decisions'.
    const meetings = await store.query<{ meeting_id: string; version: number }>(
      `SELECT meeting_id, max(version) AS version FROM (
         SELECT meeting_id, version FROM ${qualified(database, 'quality_meetings')} FINAL
         WHERE meeting_id IN {ids:Array(String)}
         UNION ALL
         SELECT meeting_id, version FROM ${qualified(database, 'quality_meeting_items')} FINAL
         WHERE meeting_id IN {ids:Array(String)})
       GROUP BY meeting_id`,
      { ids: meetingIds },
    );
    for (const { meeting_id, version } of meetings)
      states.set(`${QUALITY_MEETING_STREAM_PREFIX}${meeting_id}`, {
        kind: 'quality-meeting',
        version: Number(version),
      });
  }

  if (complaintIds.length > 0) {
    const complaints = await store.query<ComplaintRow>(
      `SELECT * FROM ${qualified(database, 'complaints')} FINAL WHERE complaint_id IN {ids:Array(String)}`,
      { ids: complaintIds },
    );
    // Most look-ups are for complaints not stored yet (a registration): their causes are not asked for.
    const found = complaints.map((complaint) => complaint.complaint_id);
    const causes =
      found.length === 0
        ? []
        : await store.query<ComplaintCauseRow>(
            `SELECT * FROM ${qualified(database, 'complaint_causes')} FINAL
             WHERE complaint_id IN {ids:Array(String)} ORDER BY complaint_id, cause_id`,
            { ids: found },
          );
    const members =
      found.length === 0
        ? []
        : await store.query<KpiMemberRow>(
            `SELECT * FROM ${qualified(database, 'kpi_members')} FINAL
             WHERE complaint_id IN {ids:Array(String)}`,
            { ids: found },
          );
    const membersOf = new Map<string, KpiMemberRow[]>();
    for (const member of members)
      membersOf.set(member.complaint_id, [...(membersOf.get(member.complaint_id) ?? []), member]);
    const causesOf = new Map<string, ComplaintCauseRow[]>();
    for (const cause of causes)
      causesOf.set(cause.complaint_id, [...(causesOf.get(cause.complaint_id) ?? []), cause]);
    for (const complaint of complaints)
      states.set(`${COMPLAINT_STREAM_PREFIX}${complaint.complaint_id}`, {
        kind: 'complaint',
        complaint,
        causes: causesOf.get(complaint.complaint_id) ?? [],
        members: sortMembers(membersOf.get(complaint.complaint_id) ?? []),
      });
  }

  if (actionIds.length > 0) {
    const actions = await store.query<CorrectiveActionRow>(
      `SELECT * FROM ${qualified(database, 'corrective_actions')} FINAL WHERE action_id IN {ids:Array(String)}`,
      { ids: actionIds },
    );
    for (const action of actions)
      states.set(`${CORRECTIVE_ACTION_STREAM_PREFIX}${action.action_id}`, {
        kind: 'corrective-action',
        action,
      });
  }
  return states;
}
