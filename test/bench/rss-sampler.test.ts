import { describe, expect, it } from 'vitest';
import { peakBetween, rssSampler } from '../../bench/engine.js';

describe('bench RSS sampler (a thread of its own)', () => {
  it('keeps sampling while the main thread is busy without yielding (a timer there would not fire)', async () => {
    const sampler = rssSampler(10);
    const from = performance.timeOrigin + performance.now();
    // Synchronous work for about 300 ms, holding ~80 MB that the samples must see.
    const held: Float64Array[] = [];
    while (performance.timeOrigin + performance.now() - from < 300) if (held.length < 10) held.push(new Float64Array(1 << 20).fill(1));
    const to = performance.timeOrigin + performance.now();
    const samples = await sampler.stop();
    const during = samples.filter(([t]) => t >= from && t <= to);
    expect(during.length).toBeGreaterThanOrEqual(5);
    expect(peakBetween(samples, from, to)).toBe(Math.max(...during.map(([, rss]) => rss)));
    expect(held.length).toBe(10);
  });

  it('gives the peak of the samples inside a time range only', () => {
    const samples: Array<[number, number]> = [[10, 5], [20, 9], [30, 7], [40, 12]];
    expect(peakBetween(samples, 15, 35)).toBe(9);
    expect(peakBetween(samples, 0, 100)).toBe(12);
    expect(peakBetween(samples, 41, 50)).toBe(0);
  });
});
