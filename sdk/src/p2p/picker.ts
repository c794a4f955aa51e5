import type { Bitfield } from "./bitfield.ts";

/**
 * Rarest-first piece selection with a random tie-break. Tracks how many connected peers have each
 * piece; the caller says which pieces are done or taken.
 */
export class PiecePicker {
  private readonly availability: Uint32Array;
  private readonly random: () => number;
  /** Lowest availability of any piece (a pick that finds it can stop); -1 when to be recounted. */
  private floor = -1;

  constructor(pieceCount: number, random: () => number = Math.random) {
    this.availability = new Uint32Array(pieceCount);
    this.random = random;
  }

  /** A peer announced `have` for piece `i` (or all of its bitfield via `addPeer`). */
  add(i: number): void {
    this.availability[i] = (this.availability[i] as number) + 1;
    this.floor = -1;
  }

  addPeer(has: Bitfield): void {
    for (let i = 0; i < this.availability.length; i++) if (has.get(i)) this.add(i);
  }

  removePeer(has: Bitfield): void {
    for (let i = 0; i < this.availability.length; i++) {
      if (has.get(i)) this.availability[i] = Math.max(0, (this.availability[i] as number) - 1);
    }
    this.floor = -1;
  }

  availabilityOf(i: number): number {
    return this.availability[i] as number;
  }

  /**
   * The rarest piece that `has` holds and `eligible` accepts. The scan starts at `from` (a
   * peer's next piece, so that a peer streams a contiguous run while availability is equal) or
   * else at a random index, wraps, and keeps the first piece of the lowest availability: ties
   * are broken by where the scan starts. One random draw at most per pick. -1 if none. The scan
   * stops at the first eligible piece as rare as the rarest of all (when every peer has every
   * piece, that is the first eligible one: a pick per piece then costs O(1), not O(pieces)).
   */
  pick(has: Bitfield, eligible: (i: number) => boolean, from?: number): number {
    const n = this.availability.length;
    if (n === 0) return -1;
    if (this.floor < 0) this.floor = this.availability.reduce((m, a) => Math.min(m, a), Number.POSITIVE_INFINITY);
    const floor = this.floor;
    const start = from !== undefined && from >= 0 && from < n ? from : Math.floor(this.random() * n) % n;
    let best = -1;
    let bestAvail = Number.POSITIVE_INFINITY;
    for (let k = 0; k < n; k++) {
      const i = start + k < n ? start + k : start + k - n;
      const a = this.availability[i] as number;
      if (a >= bestAvail || !has.get(i) || !eligible(i)) continue;
      bestAvail = a;
      best = i;
      if (a <= floor) break;
    }
    return best;
  }
}
