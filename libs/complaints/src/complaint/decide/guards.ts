import { DomainError, ensure, fail } from '../../shared/domain-error';
import { isValidInstant } from '../../shared/time';
import { ComplaintErrors as E } from '../complaint.errors';
import { type ComplaintState, type ComplaintStatus, type OpenComplaintState } from '../complaint.state';

/** The one answer for a complaint that is not there (or, at the edge, not the caller's to see). */
export const complaintNotFound = (): DomainError =>
  new DomainError(E.NOT_FOUND, 'Complaint not found', undefined, 'not-found');

/** The complaint exists and is not merged: a merged complaint takes nothing but reads. */
export const existing = (state: ComplaintState): OpenComplaintState => {
  if (state.status === 'none') throw complaintNotFound();
  if (state.status === 'merged')
    fail(E.MERGED, `Complaint was merged into ${state.mergedInto ?? 'another complaint'}; it is read-only`);
  return state;
};

/** The complaint exists and is still being handled (not closed, withdrawn or merged). */
export const open = (state: ComplaintState): OpenComplaintState => {
  const s = existing(state);
  if (s.status === 'closed') fail(E.CLOSED, 'Complaint is closed; reopen it first');
  if (s.status === 'withdrawn') fail(E.WITHDRAWN, 'Complaint was withdrawn; it can only be closed');
  return s;
};

/** Open, acknowledged and not yet finally replied to: the handling steps. */
export const inHandling = (state: ComplaintState): OpenComplaintState => {
  const s = open(state);
  ensureAcknowledged(s);
  if (s.status === 'replied') fail(E.ALREADY_REPLIED, 'The final reply was already given');
  return s;
};

export const ensureAcknowledged = (s: OpenComplaintState): void =>
  ensure(
    s.status !== 'registered',
    E.NOT_ACKNOWLEDGED,
    'Acknowledge the complaint with a reply deadline first',
  );

export const ensureStatus = (
  s: OpenComplaintState,
  allowed: readonly ComplaintStatus[],
  code: string,
  message: string,
): void => ensure(allowed.includes(s.status), code, message);

export const ensureInstant = (value: string, field: string): void =>
  ensure(isValidInstant(value), E.INVALID_INSTANT, `${field} is not a valid ISO-8601 instant`, field);
