import { OffsetIndex } from './offset-index';

/** The obvious answer, item by item, to check the tree against. */
function plainOffsets(heights: readonly number[]): number[] {
  const offsets = [0];
  for (const height of heights) offsets.push(offsets.at(-1)! + height);
  return offsets;
}

function plainIndexAt(heights: readonly number[], offset: number): number {
  const offsets = plainOffsets(heights);
  const index = heights.findIndex((_, i) => offsets[i + 1]! > offset);
  return index === -1 ? Math.max(0, heights.length - 1) : index;
}

/** A repeatable sequence of heights, like cards of one to three files, some with a note. */
function cardHeights(count: number, seed = 7): number[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => 150 + Math.floor(next() * 3) * 68 + (next() < 0.25 ? 48 : 0));
}

describe('OffsetIndex (tops of a long list of cards of different heights)', () => {
  it('gives each item’s top and the whole height, as adding the heights one by one does', () => {
    const heights = [100, 168.5, 236, 100, 0, 304];
    const index = new OffsetIndex(heights);
    expect(index.length).toBe(6);
    expect(index.total).toBe(908.5);
    expect([0, 1, 2, 3, 4, 5, 6].map((i) => index.offsetOf(i))).toEqual(plainOffsets(heights));
    expect(index.heightOf(2)).toBe(236);
  });

  it('finds the item at an offset: the first whose bottom is below it, the last one past the end', () => {
    const index = new OffsetIndex([100, 200, 50]);
    expect(index.indexAt(0)).toBe(0);
    expect(index.indexAt(99.9)).toBe(0);
    // The top of an item belongs to it, not to the one above.
    expect(index.indexAt(100)).toBe(1);
    expect(index.indexAt(299)).toBe(1);
    expect(index.indexAt(300)).toBe(2);
    expect(index.indexAt(10_000)).toBe(2);
    expect(index.indexAt(-5)).toBe(0);
  });

  it('an empty list has no height and item 0 everywhere', () => {
    const index = new OffsetIndex([]);
    expect(index.total).toBe(0);
    expect(index.offsetOf(0)).toBe(0);
    expect(index.indexAt(500)).toBe(0);
  });

  it('stays equal to the plain sums over 5,000 cards while heights are measured in any order', () => {
    const heights = cardHeights(5_000);
    const index = new OffsetIndex(heights);
    let state = 11;
    const pick = (n: number) => (state = (state * 48_271) % 2_147_483_647) % n;
    for (let round = 0; round < 2_000; round++) {
      const item = pick(heights.length);
      const measured = 120 + pick(400) + (pick(2) ? 0.5 : 0);
      expect(index.set(item, measured)).toBe(measured !== heights[item]);
      heights[item] = measured;
    }
    const offsets = plainOffsets(heights);
    expect(index.total).toBe(offsets.at(-1)!);
    for (let i = 0; i <= heights.length; i += 37) expect(index.offsetOf(i)).toBe(offsets[i]!);
    for (const offset of [0, 1, 149.5, 12_345, offsets[2_500]!, offsets[2_500]! - 0.5, offsets.at(-1)! - 1, offsets.at(-1)! + 1]) {
      expect(index.indexAt(offset)).withContext(`offset ${offset}`).toBe(plainIndexAt(heights, offset));
    }
  });

  it('setting the same height again is not a change', () => {
    const index = new OffsetIndex([100, 200]);
    expect(index.set(1, 200)).toBeFalse();
    expect(index.set(1, 210)).toBeTrue();
    expect(index.offsetOf(2)).toBe(310);
  });
});
