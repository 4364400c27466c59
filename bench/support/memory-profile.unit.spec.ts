import { flatMemoryVerdict, rssAtProgress } from './memory-profile';

const samples = [
  { atMs: 0, rssMb: 100 },
  { atMs: 100, rssMb: 300 },
  { atMs: 200, rssMb: 320 },
  { atMs: 300, rssMb: 330 },
  { atMs: 400, rssMb: 335 },
];

describe('rssAtProgress', () => {
  it('takes the last sample at or before the moment the work reached the fraction', () => {
    const marks = [
      { atMs: 150, fraction: 0.3 },
      { atMs: 350, fraction: 1 },
    ];
    expect(rssAtProgress(samples, marks, 0.25)).toBe(300);
    expect(rssAtProgress(samples, marks, 0.5)).toBe(330);
    expect(rssAtProgress(samples, marks, 1)).toBe(330);
  });

  it('falls back to the first sample when the mark came before any, and is undefined if never reached', () => {
    expect(rssAtProgress(samples.slice(1), [{ atMs: 50, fraction: 1 }], 0.25)).toBe(300);
    expect(rssAtProgress(samples, [{ atMs: 50, fraction: 0.4 }], 0.5)).toBeUndefined();
    expect(rssAtProgress([], [{ atMs: 50, fraction: 1 }], 0.25)).toBeUndefined();
  });
});

describe('flatMemoryVerdict', () => {
  const marks = [0.25, 0.5, 0.75, 1].map((fraction, i) => ({ atMs: 100 * (i + 1), fraction }));

  it('is flat when the last three quarters add less than a quarter of the peak', () => {
    expect(flatMemoryVerdict(samples, marks)).toEqual({
      peakMb: 335,
      quartilesMb: [300, 320, 330, 335],
      growthMb: 35,
      flat: true,
    });
  });

  it('is not flat when memory keeps growing with the work', () => {
    const growing = [100, 200, 300, 400, 500].map((rssMb, i) => ({ atMs: 100 * i, rssMb }));
    expect(flatMemoryVerdict(growing, marks)).toMatchObject({ growthMb: 300, flat: false });
  });

  it('takes a measured peak higher than every sample', () => {
    expect(flatMemoryVerdict(samples, marks, 500)).toMatchObject({ peakMb: 500, growthMb: 200, flat: false });
  });
});
