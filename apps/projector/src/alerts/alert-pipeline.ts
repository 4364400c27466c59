import type { Producer } from 'kafkajs';
import { type DomainEvent, upcast } from '@app/complaints';
import { type Alert, AlertEvaluator } from '@app/analytics/alerts/alert-rules';
import {
  ALERT_DELIVERY_FAILED,
  ALERT_RAISED,
  type AlertDeliveryFailed,
  alertStream,
} from '@app/analytics/alerts/alert.events';
import {
  DuplicateEventIdError,
  type EventStore,
  type EventToAppend,
  NO_STREAM_REVISION,
  type RecordedEvent,
  WrongExpectedRevisionError,
} from '@app/event-store';
import { uuidFrom } from '@app/platform';
import { type DeliveryOptions, type Webhook, deliver } from '@app/messaging/webhooks/webhook-delivery';

export type AlertPipelineOptions = {
  /** Where raised alerts are recorded (`alert-<id>` streams): the memory of what was raised already. */
  store: EventStore;
  /** The alerts topic, when alerts go to Kafka. */
  kafka?: { producer: Producer; topic: string };
  webhooks: readonly Webhook[];
  delivery?: DeliveryOptions;
  evaluator?: AlertEvaluator;
  /**
   * An alert about something older than this (its `raisedAt`, the triggering event's time) is not
   * raised: on a first start over a long history the evaluator meets every past spike, which is history,
   * not news.
   */
  maxAgeMs: number;
  now?: () => Date;
  log?: { warn(message: string): void };
};

/**
 * Alerts as events arrive: each stored event goes through the evaluator; every alert it raises that the
 * store does not hold yet is published to the alerts topic (keyed by alert id), delivered to each
 * configured webhook, signed (delivery id = alert id, so a receiver can drop a repeat), and then recorded
 * as `AlertRaised` in its own stream, with an `AlertDeliveryFailed` per dead letter. Recording last makes
 * delivery at least once: a crash before the record sends the alert again after the restart, under the
 * same ids; once recorded, no redelivered event, restart or second evaluator raises it again. Events whose
 * type or version this code does not know (alerts themselves, tokens) are skipped.
 */
export class AlertPipeline {
  readonly evaluator: AlertEvaluator;
  private readonly pending: Alert[] = [];

  constructor(private readonly options: AlertPipelineOptions) {
    this.evaluator = options.evaluator ?? new AlertEvaluator();
  }

  /** The alerts these events raised and this call recorded. */
  async onEvents(events: readonly RecordedEvent[]): Promise<Alert[]> {
    const alerts: Alert[] = [];
    for (const event of events) {
      let domain: DomainEvent;
      try {
        domain = upcast(event.type, event.schemaVersion, event.data);
      } catch {
        continue;
      }
      const occurredAt = String(event.metadata?.occurredAt ?? event.recordedAt.toISOString());
      alerts.push(...this.evaluator.onEvent(event.eventId, domain, { occurredAt, streamId: event.streamId }));
    }
    return this.dispatch(alerts);
  }

  /** The alerts time alone raised by `now` (deadlines, actions past due) and this call recorded. */
  async tick(now: Date): Promise<Alert[]> {
    return this.dispatch(this.evaluator.tick(now));
  }

  /** Records the alerts a failed call left unrecorded (the evaluator will not raise them again). */
  async retryPending(): Promise<Alert[]> {
    return this.dispatch([]);
  }

  /**
   * Handles the alerts left from a failed call first, then the new ones; an alert stays pending until it
   * is recorded or found recorded.
   */
  private async dispatch(alerts: readonly Alert[]): Promise<Alert[]> {
    const recorded: Alert[] = [];
    const oldest = (this.options.now?.() ?? new Date()).getTime() - this.options.maxAgeMs;
    this.pending.push(...alerts.filter((alert) => Date.parse(alert.raisedAt) >= oldest));
    while (this.pending.length > 0) {
      const alert = this.pending[0]!;
      const stream = alertStream(alert.alertId);
      if ((await this.options.store.streamRevision(stream)) === NO_STREAM_REVISION) {
        const failures = await this.publish(alert);
        if (await this.record(alert, failures)) recorded.push(alert);
      }
      this.pending.shift();
    }
    return recorded;
  }

  private async publish(alert: Alert): Promise<AlertDeliveryFailed[]> {
    const body = JSON.stringify(alert);
    if (this.options.kafka)
      await this.options.kafka.producer.send({
        topic: this.options.kafka.topic,
        messages: [{ key: alert.alertId, value: body }],
      });
    const failures: AlertDeliveryFailed[] = [];
    for (const webhook of this.options.webhooks) {
      const result = await deliver(webhook, alert.alertId, body, this.options.delivery);
      if (result.delivered) continue;
      const { webhookId, deliveryId, attempts, reason, at } = result.deadLetter;
      failures.push({ alertId: alert.alertId, webhookId, deliveryId, attempts, reason, failedAt: at });
      this.options.log?.warn(
        `Alert ${alert.alertId} (${alert.rule}) not delivered to webhook ${webhookId} after ${attempts} attempts: ${reason}; kept as a dead letter`,
      );
    }
    return failures;
  }

  /** True when this call recorded the alert; false when another process had just done so. */
  private async record(alert: Alert, failures: readonly AlertDeliveryFailed[]): Promise<boolean> {
    const metadata = { occurredAt: alert.raisedAt, correlationId: alert.alertId, causationId: alert.alertId };
    const events: EventToAppend[] = [
      {
        eventId: uuidFrom(ALERT_RAISED, alert.alertId),
        type: ALERT_RAISED,
        schemaVersion: 1,
        data: alert,
        metadata,
      },
      ...failures.map((failure) => ({
        eventId: uuidFrom(ALERT_DELIVERY_FAILED, `${alert.alertId}:${failure.webhookId}`),
        type: ALERT_DELIVERY_FAILED,
        schemaVersion: 1,
        data: failure,
        metadata: { ...metadata, occurredAt: failure.failedAt },
      })),
    ];
    try {
      const result = await this.options.store.append(alertStream(alert.alertId), events, 'no-stream');
      return result.appended;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError || error instanceof DuplicateEventIdError) return false;
      throw error;
    }
  }
}
