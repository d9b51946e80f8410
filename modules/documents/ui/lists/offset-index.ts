/**
 * The tops of a long list of items of different heights, kept as prefix sums in a Fenwick
 * (binary indexed) tree: changing one item's height, the top of item i and the item at a given
 * offset each cost O(log n) — about 13 steps for 5,000 items.
 *
 * Why not a plain array of offsets: while flinging, every frame draws new cards and the browser
 * measures them, and each measurement moved the tops of every item below it. Recomputing the
 * 5,000 offsets (and allocating a new 40 kB array) on every measurement was the largest script
 * cost of a fling in the CPU profile (~1 ms per frame) and a steady source of garbage.
 */
export class OffsetIndex {
  private readonly heights: Float64Array;
  /** tree[i] (1-based) = the sum of heights of items (i − lowbit(i), i]. */
  private readonly tree: Float64Array;
  /** The largest power of two ≤ length: where the search by offset starts. */
  private readonly topStep: number;
  private sum = 0;

  constructor(heights: ArrayLike<number>) {
    const length = heights.length;
    this.heights = Float64Array.from(heights);
    this.tree = new Float64Array(length + 1);
    // O(n) build: each node passes its sum on to its parent.
    for (let i = 1; i <= length; i++) {
      this.tree[i]! += this.heights[i - 1]!;
      const parent = i + (i & -i);
      if (parent <= length) this.tree[parent]! += this.tree[i]!;
      this.sum += this.heights[i - 1]!;
    }
    let step = 1;
    while (step * 2 <= length) step *= 2;
    this.topStep = length === 0 ? 0 : step;
  }

  get length(): number {
    return this.heights.length;
  }

  /** The whole list's height. */
  get total(): number {
    return this.sum;
  }

  heightOf(index: number): number {
    return this.heights[index] ?? 0;
  }

  /** Sets item `index`'s height; returns whether it changed. */
  set(index: number, height: number): boolean {
    const delta = height - this.heights[index]!;
    if (delta === 0) return false;
    this.heights[index] = height;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! += delta;
    this.sum += delta;
    return true;
  }

  /** Top of item `index` (the sum of the heights before it); `offsetOf(length)` is the total. */
  offsetOf(index: number): number {
    if (index >= this.heights.length) return this.sum;
    let offset = 0;
    for (let i = index; i > 0; i -= i & -i) offset += this.tree[i]!;
    return offset;
  }

  /**
   * The item at `offset`: the first whose bottom is below it (clamped to the last item; 0 for an
   * empty list). Walks down the tree, skipping whole blocks whose bottom is not below `offset`.
   */
  indexAt(offset: number): number {
    let index = 0;
    let rest = offset;
    for (let step = this.topStep; step > 0; step >>= 1) {
      const next = index + step;
      if (next < this.tree.length && this.tree[next]! <= rest) {
        index = next;
        rest -= this.tree[next]!;
      }
    }
    return Math.min(index, Math.max(0, this.heights.length - 1));
  }
}
