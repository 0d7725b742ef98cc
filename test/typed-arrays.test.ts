import { describe, expect, it } from 'vitest';
import { withRoom } from '../src/typed-arrays.js';

describe('withRoom (growable typed arrays)', () => {
  it('keeps an array with room, and grows one without: same type, values kept, at least doubled', () => {
    const a = Int32Array.from([1, -2, 3]);
    expect(withRoom(a, 3)).toBe(a);
    const b = withRoom(a, 4);
    expect(b).toBeInstanceOf(Int32Array);
    expect(b.length).toBe(6);
    expect([...b.subarray(0, 3)]).toEqual([1, -2, 3]);
    const c = withRoom(new BigUint64Array([7n, 2n ** 63n]), 100);
    expect(c).toBeInstanceOf(BigUint64Array);
    expect(c.length).toBe(100);
    expect([c[0], c[1], c[2]]).toEqual([7n, 2n ** 63n, 0n]);
    expect(withRoom(new Uint32Array(0), 1).length).toBe(1);
  });
});
