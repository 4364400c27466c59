import { type DomainEventType } from '@app/complaints';

/**
 * Every stored event type, and the JSON paths of its data that hold personal data: every customer
 * detail, and every free text written by or about the customer (staff type what the customer said, so
 * free text is treated as personal whatever field it is in). Staff appear by job number only, which is
 * not encrypted. A path segment ending in `[]` walks every element of an array.
 *
 * A type missing here is refused at append (see `personalDataPaths`), and a unit test fails for it, so
 * a new event type cannot reach the store before someone has decided what in it is personal.
 */
export const PERSONAL_DATA_PATHS = {
  ComplaintRegistered: [
    'customer.reference',
    'customer.name',
    'customer.contact.phone',
    'customer.contact.email',
    'customer.contact.address',
    'description',
    'demand',
    // Free tags describe the customer or the matter as staff or the source saw it ("older customer").
    'tags[]',
  ],
  ComplaintClassified: [],
  ComplaintFlaggedAbnormal: ['reason'],
  ComplaintAcknowledged: [],
  InterimReplySent: ['statusTold'],
  ComplaintDispatched: ['instructions'],
  DispatchReturned: ['result'],
  ComplaintEscalated: ['reason'],
  SuperiorNotifiedOfEscalation: [],
  InvestigationFindingRecorded: ['when', 'where', 'who', 'what', 'customerWants'],
  RootCausesAttributed: [],
  ResolutionProposed: ['options[].note'],
  ResolutionApproved: ['note'],
  ResolutionRejected: ['reason'],
  ResolutionAcceptedByCustomer: [],
  ResolutionRejectedByCustomer: ['reason'],
  ResolutionImplemented: ['note'],
  FinalReplySent: ['summary'],
  FollowUpRecorded: ['comment'],
  ComplaintClosed: [],
  ComplaintReopened: ['reason'],
  ComplaintWithdrawn: ['reason'],
  ComplaintMergedInto: ['reason'],
  // Copies only the duplicate's id and channel into the survivor's stream.
  DuplicateComplaintMerged: [],
  // A staff member's appeal and its decision may quote the complaint, so their texts count too.
  CauseAppealFiled: ['reason'],
  CauseAppealDecided: ['note'],
  CauseConsequenceDecided: [],
  // Corrective actions are the organisation's measures against a cause, written for the quality
  // meeting about causes and units, never about one customer: no customer, no complaint, no key.
  CorrectiveActionProposed: [],
  CorrectiveActionStarted: [],
  CorrectiveActionCompleted: [],
  CorrectiveActionVerified: [],
  // An archived weekly pack holds counts, rates, codes and org units: figures, never a customer.
  WeeklyPackArchived: [],
  // A quality meeting's record is about causes, units and measures, written by and for staff, as the
  // corrective actions are: attendees are job numbers, never a customer.
  QualityMeetingHeld: [],
  MeetingFindingRecorded: [],
  MeetingDecisionRecorded: [],
} as const satisfies Record<DomainEventType, readonly string[]>;

/** Event types stored beside the domain's that are not domain events. */
export const NON_DOMAIN_PATHS: Readonly<Record<string, readonly string[]>> = {
  // The audit of personal-data reads: staff job numbers, roles, field names and ids, never the data.
  PersonalDataRead: [],
  // Tokens issued and revoked: job numbers, roles, org units and instants.
  AccessTokenIssued: [],
  AccessTokenRevoked: [],
};

export class UnclassifiedEventTypeError extends Error {
  readonly code = 'PRIVACY.UNCLASSIFIED_EVENT_TYPE';
  constructor(readonly eventType: string) {
    super(
      `Event type '${eventType}' is not classified in PERSONAL_DATA_PATHS: decide which of its fields are personal`,
    );
    this.name = 'UnclassifiedEventTypeError';
  }
}

/** The personal-data paths of a type; throws for a type nobody has classified. */
export const personalDataPaths = (type: string): readonly string[] => {
  if (Object.hasOwn(PERSONAL_DATA_PATHS, type)) return PERSONAL_DATA_PATHS[type as DomainEventType];
  if (Object.hasOwn(NON_DOMAIN_PATHS, type)) return NON_DOMAIN_PATHS[type]!;
  throw new UnclassifiedEventTypeError(type);
};

/**
 * The paths of a type, or none for an unclassified one: for reading, which is never refused (an event
 * stored by other means keeps what it holds, and nothing can be said about fields nobody classified).
 */
export const personalDataPathsOrNone = (type: string): readonly string[] =>
  Object.hasOwn(PERSONAL_DATA_PATHS, type) || Object.hasOwn(NON_DOMAIN_PATHS, type)
    ? personalDataPaths(type)
    : [];

/** Every classified type, domain or not: what the completeness test checks against. */
export const classifiedEventTypes = (): string[] => [
  ...Object.keys(PERSONAL_DATA_PATHS),
  ...Object.keys(NON_DOMAIN_PATHS),
];
