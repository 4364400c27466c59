import { IntervalThroughput } from './interval-throughput';

describe('IntervalThroughput', () => {
  it('reports the interval still running until one is closed, then the last closed one', () => {
    let now = 0;
    const throughput = new IntervalThroughput(() => now);
    throughput.record(30);
    now = 2_000;
    expect(throughput.current()).toEqual({ eventsPerSecond: 15, intervalSeconds: 2 });
    expect(throughput.closeInterval()).toEqual({ eventsPerSecond: 15, seconds: 2, events: 30 });
    throughput.record(5);
    now = 12_000;
    expect(throughput.current()).toEqual({ eventsPerSecond: 15, intervalSeconds: 2 });
    expect(throughput.closeInterval()).toEqual({ eventsPerSecond: 0.5, seconds: 10, events: 5 });
  });
});
