import { type RecordedEvent } from '@app/event-store';
import { type AnalyticsStore } from '../analytics-store.port';
import { ANALYTICS_TABLES } from '../migrations/analytics-tables';
import { qualified } from '../shared/identifiers';
import {
  ALERT_ACKNOWLEDGED,
  ALERT_DELIVERY_FAILED,
  ALERT_RAISED,
  type AlertAcknowledged,
  type AlertDeliveryFailed,
  type AlertRaised,
  isAlertStream,
} from './alert.events';

export type AlertRow = {
  alert_id: string;
  rule: string;
  key: string;
  period: string;
  business_line: string;
  org_units: string[];
  figures: string;
  link: string;
  raised_at: string;
  global_position: string;
};

export type AlertAcknowledgementRow = {
  alert_id: string;
  acknowledged_by: string;
  role: string;
  acknowledged_at: string;
  global_position: string;
};

export type AlertDeadLetterRow = {
  alert_id: string;
  webhook_id: string;
  attempts: number;
  reason: string;
  failed_at: string;
  global_position: string;
};

export type AlertRows = {
  alerts: AlertRow[];
  alert_acknowledgements: AlertAcknowledgementRow[];
  alert_dead_letters: AlertDeadLetterRow[];
};

const iso = (value: string): string => new Date(value).toISOString();

/**
 * The `alert-<id>` streams' events as rows, one per event (the tables keep one per alert, and one per
 * alert and webhook, whatever repeats). Pure; other streams' events give nothing.
 */
export const alertRowsOf = (events: readonly RecordedEvent[]): AlertRows => {
  const rows: AlertRows = { alerts: [], alert_acknowledgements: [], alert_dead_letters: [] };
  for (const event of events) {
    if (!isAlertStream(event.streamId)) continue;
    const position = event.globalPosition.toString();
    switch (event.type) {
      case ALERT_RAISED: {
        const alert = event.data as AlertRaised;
        rows.alerts.push({
          alert_id: alert.alertId,
          rule: alert.rule,
          key: alert.key,
          period: alert.period,
          business_line: alert.businessLine,
          org_units: [...alert.orgUnits],
          figures: JSON.stringify(alert.figures),
          link: alert.link,
          raised_at: iso(alert.raisedAt),
          global_position: position,
        });
        break;
      }
      case ALERT_ACKNOWLEDGED: {
        const ack = event.data as AlertAcknowledged;
        rows.alert_acknowledgements.push({
          alert_id: ack.alertId,
          acknowledged_by: ack.acknowledgedBy,
          role: ack.role,
          acknowledged_at: iso(ack.acknowledgedAt),
          global_position: position,
        });
        break;
      }
      case ALERT_DELIVERY_FAILED: {
        const failure = event.data as AlertDeliveryFailed;
        rows.alert_dead_letters.push({
          alert_id: failure.alertId,
          webhook_id: failure.webhookId,
          attempts: failure.attempts,
          reason: failure.reason,
          failed_at: iso(failure.failedAt),
          global_position: position,
        });
        break;
      }
      default:
        break;
    }
  }
  return rows;
};

export const alertRowCount = (rows: AlertRows): number =>
  rows.alerts.length + rows.alert_acknowledgements.length + rows.alert_dead_letters.length;

/** One insert per table that has rows; safe to repeat (the tables replace on the alert's key). */
export async function writeAlertRows(
  store: AnalyticsStore,
  database: string,
  rows: AlertRows,
): Promise<void> {
  const tables = [
    [ANALYTICS_TABLES.alerts, rows.alerts],
    [ANALYTICS_TABLES.alertAcknowledgements, rows.alert_acknowledgements],
    [ANALYTICS_TABLES.alertDeadLetters, rows.alert_dead_letters],
  ] as const;
  for (const [table, tableRows] of tables)
    if (tableRows.length > 0) await store.insert(qualified(database, table), tableRows);
}
