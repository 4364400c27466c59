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

/** An archived pack's stream: written once, so its revision is all the state there is. */
export type WeeklyPackArchiveStreamState = { kind: 'weekly-pack-archive'; version: number };

/**
 * A quality meeting's stream: each event makes rows of its own (the meeting, a finding, a decision), so
 * the revision applied is all the state there is.
 */
export type QualityMeetingStreamState = { kind: 'quality-meeting'; version: number };

export type StreamState =
  | ComplaintStreamState
  | CorrectiveActionStreamState
  | WeeklyPackArchiveStreamState
  | QualityMeetingStreamState;

/** The stream revision of the last event applied to the state. */
export const stateVersion = (state: StreamState): number => {
  switch (state.kind) {
    case 'complaint':
      return state.complaint.version;
    case 'corrective-action':
      return state.action.version;
    case 'weekly-pack-archive':
    case 'quality-meeting':
      return state.version;
  }
};
