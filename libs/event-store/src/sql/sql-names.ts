/** Qualified, quoted names of everything the store creates inside one PostgreSQL schema. */
export interface SqlNames {
  readonly schema: string;
  readonly streams: string;
  readonly events: string;
  readonly checkpoints: string;
  readonly positionSequence: string;
  readonly reservePositions: string;
  readonly appendEvents: string;
  readonly appendEventsBatch: string;
  readonly appendEventsGroup: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function sqlNames(schema = 'public'): SqlNames {
  // Names are spliced into SQL text (identifiers cannot be bound), so only plain identifiers get in.
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`Invalid event store schema name "${schema}": use lower-case letters, digits and _`);
  }
  const qualify = (name: string) => `"${schema}"."${name}"`;
  return {
    schema,
    streams: qualify('streams'),
    events: qualify('events'),
    checkpoints: qualify('checkpoints'),
    positionSequence: qualify('events_global_position_seq'),
    reservePositions: qualify('reserve_global_positions'),
    appendEvents: qualify('append_events'),
    appendEventsBatch: qualify('append_events_batch'),
    appendEventsGroup: qualify('append_events_group'),
  };
}
