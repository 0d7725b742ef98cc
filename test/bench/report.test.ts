import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshPath, logLogSlope, target } from '../../bench/report.js';

describe('report helpers', () => {
  it('fits the exponent of a power law', () => {
    expect(logLogSlope([[1e3, 2], [1e4, 20], [1e5, 200]])).toBeCloseTo(1, 12);
    expect(logLogSlope([[10, 100], [100, 10_000]])).toBeCloseTo(2, 12);
    expect(logLogSlope([[10, 1]])).toBeNull();
  });

  it('marks targets met, missed, or not measured', () => {
    expect(target('x', 5, '>=', 4, '≥ 4', String).met).toBe(true);
    expect(target('x', 3, '>=', 4, '≥ 4', String).met).toBe(false);
    expect(target('x', 0, '==', 0, '0', String).met).toBe(true);
    expect(target('x', undefined, '<=', 1, '≤ 1', String)).toMatchObject({ met: null, shown: 'not measured' });
  });

  it('never overwrites an earlier results file of the same day (bug: a second --only run replaced the first)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reprints-results-'));
    const base = join(dir, '2026-11-23-synthetic');
    expect(freshPath(base, '.json')).toBe(`${base}.json`);
    writeFileSync(`${base}.json`, '{}');
    expect(freshPath(base, '.json')).toBe(`${base}-2.json`);
    writeFileSync(`${base}-2.json`, '{}');
    expect(freshPath(base, '.json')).toBe(`${base}-3.json`);
  });
});
