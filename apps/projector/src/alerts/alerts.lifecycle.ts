import { Logger } from '@nestjs/common';
import type { Producer } from 'kafkajs';
import { AlertEvaluator } from '@app/analytics/alerts/alert-rules';
import type { EventStore } from '@app/event-store';
import { createKafka, ensureTopics } from '@app/messaging';
import { type ProjectorConfig } from '../config/projector.config';
import { AlertPipeline } from './alert-pipeline';
import { AlertService } from './alert-service';

/** The alerts runtime when ALERTS_ENABLED, else null. */
export const ALERTS_RUNTIME = Symbol('ALERTS_RUNTIME');

/**
 * The alert service of a projector's configuration, and what it owns (the Kafka producer). Started after
 * the projector, stopped before the stores close. Webhook secrets stay in the pipeline: only the ids are
 * logged.
 */
export class AlertsRuntime {
  private constructor(
    readonly service: AlertService,
    private readonly producer: Producer | undefined,
    private readonly description: string,
  ) {}

  static create(config: ProjectorConfig, store: EventStore): AlertsRuntime {
    const logger = new Logger('alerts');
    const producer = config.ALERTS_TOPIC
      ? createKafka({
          clientId: `${config.KAFKA_CLIENT_ID}-alerts`,
          brokers: config.KAFKA_BROKERS,
          log: new Logger('kafkajs'),
        }).producer()
      : undefined;
    const pipeline = new AlertPipeline({
      store,
      ...(producer ? { kafka: { producer, topic: config.ALERTS_TOPIC } } : {}),
      webhooks: config.ALERTS_WEBHOOKS,
      delivery: {
        attempts: config.ALERTS_WEBHOOK_ATTEMPTS,
        baseDelayMs: config.ALERTS_WEBHOOK_BACKOFF_MS,
        timeoutMs: config.ALERTS_WEBHOOK_TIMEOUT_MS,
      },
      evaluator: new AlertEvaluator({
        timeZone: config.REPORTING_TIME_ZONE,
        atRiskHours: config.ALERTS_AT_RISK_HOURS,
        repeatWindowDays: config.ALERTS_REPEAT_WINDOW_DAYS,
      }),
      maxAgeMs: config.ALERTS_MAX_AGE_HOURS * 3_600_000,
      log: logger,
    });
    const service = new AlertService(
      store,
      pipeline,
      {
        batchSize: config.PROJECTOR_BATCH_SIZE,
        pollIntervalMs: config.PROJECTOR_POLL_INTERVAL_MS,
        retryMaxMs: config.PROJECTOR_RETRY_MAX_MS,
        tickMs: config.ALERTS_TICK_MS,
      },
      logger,
    );
    const webhooks = config.ALERTS_WEBHOOKS.map((webhook) => webhook.id).join(', ') || 'none';
    const description =
      `Alerts: the event store's feed through the rules; topic ${config.ALERTS_TOPIC || 'none'}, ` +
      `webhooks ${webhooks}`;
    return new AlertsRuntime(service, producer, description);
  }

  async start(config: ProjectorConfig): Promise<void> {
    if (this.producer) {
      const kafka = createKafka({
        clientId: `${config.KAFKA_CLIENT_ID}-alerts-admin`,
        brokers: config.KAFKA_BROKERS,
      });
      await ensureTopics(kafka, [
        {
          name: config.ALERTS_TOPIC,
          partitions: config.KAFKA_TOPIC_PARTITIONS,
          replicationFactor: config.KAFKA_REPLICATION_FACTOR,
        },
      ]);
      await this.producer.connect();
    }
    new Logger('alerts').log(this.description);
    await this.service.start();
  }

  async stop(): Promise<void> {
    await this.service.stop();
    await this.producer?.disconnect();
  }
}
