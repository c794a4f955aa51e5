import type { Bitfield } from "./bitfield.ts";

/**
 * Rarest-first piece selection with a random tie-break. Tracks how many connected peers have each
 * piece; the caller says which pieces are done or taken.
 */
export class PiecePicker {
  private readonly availability: Uint32Array;
  private readonly random: () => number;

  constructor(pieceCount: number, random: () => number = Math.random) {
    this.availability = new Uint32Array(pieceCount);
    this.random = random;
  }

  /** A peer announced `have` for piece `i` (or all of its bitfield via `addPeer`). */
  add(i: number): void {
    this.availability[i] = (this.availability[i] as number) + 1;
  }

  addPeer(has: Bitfield): void {
    for (let i = 0; i < this.availability.length; i++) if (has.get(i)) this.add(i);
  }

  removePeer(has: Bitfield): void {
    for (let i = 0; i < this.availability.length; i++) {
      if (has.get(i)) this.availability[i] = Math.max(0, (this.availability[i] as number) - 1);
    }
  }

  availabilityOf(i: number): number {
    return this.availability[i] as number;
  }

  /**
   * The rarest piece that `has` holds and `eligible` accepts, ties broken uniformly at random
   * (reservoir sampling over the tied candidates); -1 if none.
   */
  pick(has: Bitfield, eligible: (i: number) => boolean): number {
    let best = -1;
    let bestAvail = Number.POSITIVE_INFINITY;
    let ties = 0;
    for (let i = 0; i < this.availability.length; i++) {
      const a = this.availability[i] as number;
      if (a > bestAvail || !has.get(i) || !eligible(i)) continue;
      if (a < bestAvail) {
        bestAvail = a;
        best = i;
        ties = 1;
      } else if (this.random() * ++ties < 1) {
        best = i;
      }
    }
    return best;
  }
}
