import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { type DomainEvent, upcast } from '@app/complaints';
import { type Alert, AlertEvaluator } from '@app/analytics/alerts/alert-rules';
import type { RecordedEvent } from '@app/event-store';
import {
  type DeadLetter,
  type DeliveryOptions,
  type Webhook,
  deliver,
} from '@app/messaging/webhooks/webhook-delivery';

export type AlertPipelineOptions = {
  producer: Producer;
  topic: string;
  webhooks: readonly Webhook[];
  delivery?: DeliveryOptions;
  evaluator?: AlertEvaluator;
};

/**
 * Alerts as events arrive: each stored event goes through the evaluator; every alert it raises is
 * published to the alerts topic (keyed by alert id, so a consumer can deduplicate a repeated send) and
 * delivered to each configured webhook, signed. Deliveries that end in a dead letter are kept on
 * `deadLetters`. Events whose type or version this code does not know are skipped (the projector records
 * them as rejected).
 */
export class AlertPipeline {
  readonly evaluator: AlertEvaluator;
  readonly deadLetters: DeadLetter[] = [];

  constructor(private readonly options: AlertPipelineOptions) {
    this.evaluator = options.evaluator ?? new AlertEvaluator();
  }

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
    await this.dispatch(alerts);
    return alerts;
  }

  async tick(now: Date): Promise<Alert[]> {
    const alerts = this.evaluator.tick(now);
    await this.dispatch(alerts);
    return alerts;
  }

  private async dispatch(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    await this.options.producer.send({
      topic: this.options.topic,
      messages: alerts.map((alert) => ({ key: alert.alertId, value: JSON.stringify(alert) })),
    });
    for (const alert of alerts) {
      const body = JSON.stringify(alert);
      for (const webhook of this.options.webhooks) {
        const result = await deliver(
          webhook,
          `${alert.alertId}:${randomUUID()}`,
          body,
          this.options.delivery,
        );
        if (!result.delivered) this.deadLetters.push(result.deadLetter);
      }
    }
  }
}
