import { REUSE, SATISFACTION, TIMELINESS } from '@app/complaints';

export type FollowUpQuestion = 'result' | 'timeliness' | 'attitude' | 'wouldReuse';

/** Every answer each follow-up question allows, in the order the page shows them. */
export const FOLLOW_UP_ANSWER_VALUES: Readonly<Record<FollowUpQuestion, readonly string[]>> = {
  result: SATISFACTION,
  timeliness: TIMELINESS,
  attitude: SATISFACTION,
  wouldReuse: REUSE,
};
