import { benchHistories, liveFeed } from './generated-events';
import { registrations } from './freshness';

describe('liveFeed', () => {
  const appends = [...benchHistories(40)];
  const feed = liveFeed(appends);

  it('records every event once, in the order they happened, at increasing positions', () => {
    expect(feed).toHaveLength(appends.reduce((sum, append) => sum + append.events.length, 0));
    expect(new Set(feed.map((event) => event.eventId)).size).toBe(feed.length);
    feed.slice(1).forEach((event, i) => {
      expect(event.globalPosition).toBe(feed[i].globalPosition + 1n);
      expect(event.recordedAt.getTime()).toBeGreaterThanOrEqual(feed[i].recordedAt.getTime());
    });
  });

  it("keeps each stream's own order, with revisions from 0", () => {
    for (const { streamId, events } of appends) {
      const recorded = feed.filter((event) => event.streamId === streamId);
      expect(recorded.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
      expect(recorded.map((event) => event.streamRevision)).toEqual(events.map((_, i) => i));
    }
  });
});

describe('registrations', () => {
  it("gives the first event of as many complaints' streams as asked, each a registration", () => {
    const found = registrations(25);
    expect(found).toHaveLength(25);
    expect(new Set(found.map((r) => r.streamId)).size).toBe(25);
    expect(found.every((r) => r.event.type === 'ComplaintRegistered')).toBe(true);
  });
});
