import type { EventStore } from '@app/event-store';

/** The event store the store feed follows (absent with the Kafka feed). */
export const EVENT_STORE = Symbol('EVENT_STORE');

/** What the projector opened itself, and so closes at shutdown; what the host handed in stays open. */
export const PROJECTOR_OWNED_RESOURCES = Symbol('PROJECTOR_OWNED_RESOURCES');

export type OwnedResources = { analytics: boolean; eventStore?: EventStore };
