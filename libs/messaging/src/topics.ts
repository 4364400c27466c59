/** Topic names are part of the contract between the services: change them only with a new version. */
export const Topics = {
  /** Every stored event, keyed by stream id so that one complaint's events stay in order. */
  events: 'complaints.events.v1',
  /** Messages from upstream systems (hotline platform, counters, portal, complaint centres, regulators). */
  inbound: 'complaints.inbound.v1',
  /** Inbound messages that could not be turned into commands, with the reason and the original payload. */
  inboundDeadLetter: 'complaints.inbound.dlq.v1',
  /** Alerts raised as events arrive (cause spikes, deadlines at risk…), keyed by alert id; no personal data. */
  alerts: 'complaints.alerts.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export type TopicSettings = { partitions: number; replicationFactor: number };
