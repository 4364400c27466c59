import {
  type ComplaintCauseRow,
  type ComplaintRow,
  type CorrectiveActionRow,
  type KpiMemberRow,
} from './analytics-rows';

/**
 * The current rows of one stream, which the next event of that stream evolves. A projector keeps them
 * in memory, or reads them back (`readStreamState`): they are exactly what the tables hold.
 */
export type ComplaintStreamState = {
  kind: 'complaint';
  complaint: ComplaintRow;
  /** Every cause row of the complaint, active or not. */
  causes: ComplaintCauseRow[];
  /** The complaint's live `kpi_members` rows, sorted by key (`kpi-member-rows.ts`). */
  members: KpiMemberRow[];
};

export type CorrectiveActionStreamState = { kind: 'corrective-action'; action: CorrectiveActionRow };

export type StreamState = ComplaintStreamState | CorrectiveActionStreamState;

/** The stream revision of the last event applied to the state. */
export const stateVersion = (state: StreamState): number =>
  state.kind === 'complaint' ? state.complaint.version : state.action.version;
