import type { Pool } from 'pg';
import { COMPLAINT_STREAM_PREFIX, type ComplaintEvent, foldComplaint, upcast } from '@app/complaints';

/** A complaint's life as the clients drive it: each request appends one event of the given type. */
export const LIFE: { action: string; type: string; body: object }[] = [
  {
    action: '',
    type: 'ComplaintRegistered',
    body: {
      businessLine: 'postal',
      channel: 'hotline-11185',
      customer: { reference: 'CUST-0001', name: '王小明', contact: { phone: '+86 138 0000 0000' } },
      description: '包裹三天未到',
      demand: '尽快投递',
      receivedBy: { jobNumber: 'A1001', orgUnit: 'beijing-branch-3' },
    },
  },
  {
    action: 'classify',
    type: 'ComplaintClassified',
    body: { category: 'item-delayed', severity: 'minor', responsibility: 'at-fault', form: 'quality' },
  },
  {
    action: 'acknowledge',
    type: 'ComplaintAcknowledged',
    body: { mode: 'deferred', contactMethod: 'phone' },
  },
  {
    action: 'investigation-finding',
    type: 'InvestigationFindingRecorded',
    body: { sources: ['customer', 'records'], what: 'Missorted at the hub' },
  },
  {
    action: 'root-causes',
    type: 'RootCausesAttributed',
    body: { causes: [{ causeCode: 'sorting-error', responsibleUnit: 'hub-2' }] },
  },
  {
    action: 'final-reply',
    type: 'FinalReplySent',
    body: { summary: 'Delivered today; apologies for the delay', contactMethod: 'phone' },
  },
  {
    action: 'follow-up',
    type: 'FollowUpRecorded',
    body: {
      method: 'phone',
      level: 'team-lead',
      answers: {
        resultSatisfaction: 'satisfied',
        timeliness: 'neutral',
        attitudeSatisfaction: 'satisfied',
        wouldReuse: 'yes',
      },
    },
  },
  { action: 'close', type: 'ComplaintClosed', body: {} },
];

/**
 * Every complaint stream in the schema, read straight from its tables: the event types by revision, and
 * what is wrong with it, if anything (a gap, a first event that is not the registration, a stream head that
 * disagrees with its events, a payload that does not parse or fold).
 */
export async function storedStreams(
  pool: Pool,
  schema: string,
): Promise<Map<string, { types: string[]; problem?: string }>> {
  const { rows } = await pool.query<{
    stream_id: string;
    stream_revision: string;
    type: string;
    schema_version: number;
    data: string;
    metadata: string;
    head: string | null;
  }>(
    `SELECT e.stream_id, e.stream_revision, e.type, e.schema_version, e.data::text AS data,
            e.metadata::text AS metadata, s.revision AS head
       FROM "${schema}".events e LEFT JOIN "${schema}".streams s USING (stream_id)
      WHERE e.stream_id LIKE $1 ORDER BY e.stream_id, e.stream_revision`,
    [`${COMPLAINT_STREAM_PREFIX}%`],
  );
  const streams = new Map<
    string,
    { types: string[]; events: ComplaintEvent[]; head: number; problem?: string }
  >();
  for (const row of rows) {
    const stream = streams.get(row.stream_id) ?? { types: [], events: [], head: Number(row.head ?? -1) };
    streams.set(row.stream_id, stream);
    if (stream.problem) continue;
    if (Number(row.stream_revision) !== stream.types.length) {
      stream.problem = `revision ${row.stream_revision} after ${stream.types.length} events`;
      continue;
    }
    stream.types.push(row.type);
    try {
      JSON.parse(row.metadata);
      stream.events.push(upcast(row.type, row.schema_version, JSON.parse(row.data)) as ComplaintEvent);
    } catch (error) {
      stream.problem = `revision ${row.stream_revision} does not parse: ${String(error)}`;
    }
  }
  for (const stream of streams.values()) {
    if (stream.problem) continue;
    const life = LIFE.slice(0, stream.types.length).map((step) => step.type);
    if (stream.types[0] !== 'ComplaintRegistered') stream.problem = `starts with ${stream.types[0]}`;
    // A request sent again after a kill was not applied twice: the stream is a prefix of the life.
    else if (stream.types.join() !== life.join()) stream.problem = `events ${stream.types.join(', ')}`;
    else if (stream.head !== stream.types.length - 1)
      stream.problem = `stream head ${stream.head}, last event ${stream.types.length - 1}`;
    else {
      try {
        const state = foldComplaint(stream.events);
        if (state.status === 'none') stream.problem = 'folds to nothing';
      } catch (error) {
        stream.problem = `does not fold: ${String(error)}`;
      }
    }
  }
  return streams;
}
