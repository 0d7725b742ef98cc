/**
 * Stage 5 (cluster) — union-find over 0 … n−1 in a typed array, with path halving (also stage 4's
 * families of whole copies). The smaller index becomes the root, so the result does not depend on
 * the order of the unions.
 */
export class UnionFind {
  private readonly parent: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]];
      x = this.parent[x];
    }
    return x;
  }

  union(x: number, y: number): void {
    const rx = this.find(x);
    const ry = this.find(y);
    if (rx < ry) this.parent[ry] = rx;
    else if (ry < rx) this.parent[rx] = ry;
  }
}
