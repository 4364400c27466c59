/** What a projection needs from outside, passed in so that the projection itself stays pure. */
export interface ProjectionContext {
  /** The pseudonym stored for a customer reference (see `hmacCustomerKey`). */
  customerKey(reference: string): string;
}

/** The identity and timing of the event being projected, checked and normalised. */
export type EventIdentity = {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamRevision: number;
  /** Decimal string: JSON (and so JSONEachRow) cannot hold every 64-bit position as a number. */
  globalPosition: string;
  /** When the fact happened in the business: the command's metadata, ISO-8601 UTC. */
  occurredAt: string;
  recordedAt: string;
  actorId: string | null;
};
