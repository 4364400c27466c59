import { complaintEventsMigration } from './0001-complaint-events.migration';
import { complaintsMigration } from './0002-complaints.migration';
import { complaintCausesMigration } from './0003-complaint-causes.migration';
import { followUpsMigration } from './0004-follow-ups.migration';
import { correctiveActionsMigration } from './0005-corrective-actions.migration';
import { rejectedEventsMigration } from './0006-rejected-events.migration';
import { projectionCheckpointsMigration } from './0007-projection-checkpoints.migration';
import { partitionByMonthMigration } from './0008-partition-by-month.migration';
import { revokedTokensMigration } from './0009-revoked-tokens.migration';
import { causeConsequencesMigration } from './0010-cause-consequences.migration';
import { complaintSearchMigration } from './0011-complaint-search.migration';
import { kpiMembersMigration } from './0012-kpi-members.migration';
import { openComplaintsMigration } from './0013-open-complaints.migration';
import { alertsMigration } from './0014-alerts.migration';
import { weeklyPackArchivesMigration } from './0015-weekly-pack-archives.migration';
import { qualityMeetingsMigration } from './0016-quality-meetings.migration';
import { type Migration } from './migration';

/** In order; append new numbers, never edit an applied one. */
export const ANALYTICS_MIGRATIONS: readonly Migration[] = [
  complaintEventsMigration,
  complaintsMigration,
  complaintCausesMigration,
  followUpsMigration,
  correctiveActionsMigration,
  rejectedEventsMigration,
  projectionCheckpointsMigration,
  partitionByMonthMigration,
  revokedTokensMigration,
  causeConsequencesMigration,
  complaintSearchMigration,
  kpiMembersMigration,
  openComplaintsMigration,
  alertsMigration,
  weeklyPackArchivesMigration,
  qualityMeetingsMigration,
];
