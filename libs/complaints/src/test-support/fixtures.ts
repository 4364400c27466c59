/**
 * One fixed timeline, fixed ids and a fixed context for every decider test. Time is always a literal
 * instant: tests read no clock either.
 */
import { type DecisionContext } from '../complaint/decide/context';
import { type ComplaintPolicy, DEFAULT_POLICY } from '../policy/complaint-policy';
import { type CommandMetadata } from '../shared/typing';
import { defaultTaxonomy } from '../taxonomy/presets';

/** The happy path's instants, in order. The complaint is postal, received at the counter, minor. */
export const T = {
  received: '2026-03-02T09:00:00.000Z',
  classified: '2026-03-02T09:10:00.000Z',
  acknowledged: '2026-03-02T09:20:00.000Z',
  handling: '2026-03-03T10:00:00.000Z',
  dispatchReturned: '2026-03-03T16:00:00.000Z',
  dispatchDue: '2026-03-03T18:00:00.000Z',
  replied: '2026-03-04T08:00:00.000Z',
  /** The reply deadline promised at acknowledgement. */
  deadline: '2026-03-04T09:00:00.000Z',
  /** received + 72 h: the default SLA for a minor complaint at the counter. */
  slaDeadline: '2026-03-05T09:00:00.000Z',
  followedUp: '2026-03-05T08:00:00.000Z',
  closed: '2026-03-05T10:00:00.000Z',
  /** The later deadline an interim reply promises. */
  extendedDeadline: '2026-03-06T09:00:00.000Z',
  reopened: '2026-03-10T09:00:00.000Z',
} as const;

export const COMPLAINT_ID = 'c-1001';
/** The surviving complaint a duplicate is merged into. */
export const TARGET_ID = 'c-1000';
export const CUSTOMER_REFERENCE = 'CUST-7';

/** Job numbers: the clerk who receives and handles, the supervisor who approves, the staff a cause names. */
export const CLERK = 'S1001';
export const SUPERVISOR = 'S2001';
export const NAMED_STAFF = 'S3001';

export const at = (now: string, actorId: string = CLERK): CommandMetadata => ({
  now,
  actor: { id: actorId },
});

/** The fixed metadata of the first command: the clerk, at the moment of receipt. */
export const METADATA: CommandMetadata = at(T.received);

export const defaultContext = (): DecisionContext => ({
  taxonomy: defaultTaxonomy(),
  policy: DEFAULT_POLICY,
});

export const withPolicy = (overrides: Partial<ComplaintPolicy>): DecisionContext => ({
  ...defaultContext(),
  policy: { ...DEFAULT_POLICY, ...overrides },
});
