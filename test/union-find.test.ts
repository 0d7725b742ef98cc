import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnionFind } from '../src/union-find.js';

describe('UnionFind', () => {
  it('joins exactly what was unioned, transitively, whatever the order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: 19 }), fc.nat({ max: 19 })), { maxLength: 30 }), (unions) => {
        const uf = new UnionFind(20);
        for (const [x, y] of unions) uf.union(x, y);
        const reversed = new UnionFind(20);
        for (const [x, y] of [...unions].reverse()) reversed.union(y, x);
        // Oracle: components by repeated relaxation of minimum labels.
        const label = Array.from({ length: 20 }, (_, i) => i);
        for (let changed = true; changed; ) {
          changed = false;
          for (const [x, y] of unions) {
            const m = Math.min(label[x], label[y]);
            if (label[x] !== m || label[y] !== m) {
              label[x] = label[y] = m;
              changed = true;
            }
          }
        }
        for (let i = 0; i < 20; i++) {
          // The root is the smallest member of the component, in either order of unions.
          expect(uf.find(i)).toBe(label[i]);
          expect(reversed.find(i)).toBe(label[i]);
        }
      }),
    );
  });
});
