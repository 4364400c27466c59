import { type AnalyticsStoreEnv, describeAnalyticsStore } from '@app/analytics';
import { type EventStoreEnv, describeEventStore } from '@app/event-store';

/** The line the standalone process logs once it listens: where to go, and the stores it actually uses. */
export const runningMessage = (
  url: string,
  eventStore: EventStoreEnv,
  analytics: AnalyticsStoreEnv,
): string =>
  `Complaint system running on ${url} — dashboard at ${url}/dashboard, command API under /complaints, ` +
  `reports under /reports, OpenAPI at ${url}/docs; ` +
  `event store: ${describeEventStore(eventStore)}; analytics: ${describeAnalyticsStore(analytics)}`;
