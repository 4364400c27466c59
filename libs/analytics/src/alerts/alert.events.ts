import { type RecordedEvent } from '@app/event-store';
import { type Alert } from './alert-rules';

/**
 * Alerts as records in the event store, one stream per alert (`alert-<alertId>`): `AlertRaised` once,
 * by the alert pipeline, and `AlertAcknowledged` once, by a reader with the right role and scope through
 * the command service. The store is the alert store: a raise appends to a stream that must not exist, so
 * a redelivered event, a restarted evaluator or a second process finds the alert there and raises nothing;
 * an acknowledgement is an act of a principal, kept in the log, so it survives every rebuild of the
 * tables. Both hold codes, counts, ids and staff identifiers only, never customer data.
 */
export const ALERT_RAISED = 'AlertRaised';
export const ALERT_ACKNOWLEDGED = 'AlertAcknowledged';
/** A webhook that refused the alert through every retry: the dead-letter list, kept with the alert. */
export const ALERT_DELIVERY_FAILED = 'AlertDeliveryFailed';
export const ALERT_STREAM_PREFIX = 'alert-';

export const alertStream = (alertId: string): string => `${ALERT_STREAM_PREFIX}${alertId}`;
export const isAlertStream = (streamId: string): boolean => streamId.startsWith(ALERT_STREAM_PREFIX);

/** Alert ids are the first 32 hex digits of a SHA-256 (`alertIdOf`). */
export const ALERT_ID = /^[0-9a-f]{32}$/;

export type AlertRaised = Alert;

export type AlertAcknowledged = {
  alertId: string;
  acknowledgedBy: string;
  /** The role the principal acted in. */
  role: string;
  acknowledgedAt: string;
};

export type AlertDeliveryFailed = {
  alertId: string;
  webhookId: string;
  deliveryId: string;
  attempts: number;
  /** The last status or error class; never the webhook's URL or secret. */
  reason: string;
  failedAt: string;
};

/** The stream's record of an alert: what was raised, and its acknowledgement once there is one. */
export type AlertRecord = { raised: AlertRaised; acknowledged?: AlertAcknowledged };

export const alertRecordOf = (events: readonly RecordedEvent[]): AlertRecord | undefined => {
  const raised = events.find((event) => event.type === ALERT_RAISED)?.data as AlertRaised | undefined;
  if (!raised) return undefined;
  const acknowledged = events.find((event) => event.type === ALERT_ACKNOWLEDGED)?.data as
    AlertAcknowledged | undefined;
  return acknowledged ? { raised, acknowledged } : { raised };
};
