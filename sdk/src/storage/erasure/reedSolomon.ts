import { ErasureCodingError } from "../errors.ts";
import { gfInv, invertMatrix, mulAddInto } from "./gf256.ts";

/**
 * Systematic Reed-Solomon erasure code over GF(2^8): k data shards are kept as they are and m parity
 * shards are added; any k of the k + m shards give the data back. The encoding matrix is the
 * identity on top of a Cauchy matrix C[i][j] = 1 / (x_i + y_j) with x_i = k + i and y_j = j, all
 * distinct, so every k x k submatrix of [I; C] is invertible (k + m <= 256).
 */
export class ReedSolomon {
  readonly dataShards: number;
  readonly parityShards: number;
  /** m rows of k coefficients. */
  private readonly parityRows: readonly Uint8Array[];

  constructor(dataShards: number, parityShards: number) {
    if (!Number.isInteger(dataShards) || !Number.isInteger(parityShards) || dataShards < 1 || parityShards < 0) {
      throw new ErasureCodingError("Shard counts must be whole numbers: k >= 1 data shards, m >= 0 parity shards", {
        details: { dataShards, parityShards },
      });
    }
    if (dataShards + parityShards > 256) {
      throw new ErasureCodingError("At most 256 shards in total over GF(2^8)", {
        details: { total: dataShards + parityShards },
      });
    }
    this.dataShards = dataShards;
    this.parityShards = parityShards;
    this.parityRows = Array.from({ length: parityShards }, (_, i) => {
      const row = new Uint8Array(dataShards);
      for (let j = 0; j < dataShards; j++) row[j] = gfInv((dataShards + i) ^ j);
      return row;
    });
  }

  get totalShards(): number {
    return this.dataShards + this.parityShards;
  }

  /** Row of the encoding matrix for shard `index` (identity rows for data shards). */
  row(index: number): Uint8Array {
    if (index < this.dataShards) {
      const row = new Uint8Array(this.dataShards);
      row[index] = 1;
      return row;
    }
    return this.parityRows[index - this.dataShards] as Uint8Array;
  }

  /**
   * Parity shards of `data` (k shards of equal length). Writes into `out` when given (m buffers of
   * the same length, overwritten) so that streaming callers do not allocate per stripe.
   */
  encode(data: readonly Uint8Array[], out?: Uint8Array[]): Uint8Array[] {
    const length = this.checkShards(data, this.dataShards, "data");
    const parity = out ?? Array.from({ length: this.parityShards }, () => new Uint8Array(length));
    if (parity.length !== this.parityShards || parity.some((p) => p.length !== length)) {
      throw new ErasureCodingError("Output buffers must be m buffers of the data shards' length", {
        details: { expected: this.parityShards, got: parity.length, length },
      });
    }
    for (let i = 0; i < this.parityShards; i++) {
      const dst = parity[i] as Uint8Array;
      dst.fill(0);
      const coefficients = this.parityRows[i] as Uint8Array;
      for (let j = 0; j < this.dataShards; j++) mulAddInto(coefficients[j] as number, data[j] as Uint8Array, dst);
    }
    return parity;
  }

  /**
   * The k data shards from any k of the k + m shards: `shards[i]` is shard i or undefined when lost.
   * Present data shards are returned as given; missing ones are computed.
   */
  reconstruct(shards: readonly (Uint8Array | undefined)[]): Uint8Array[] {
    if (shards.length !== this.totalShards) {
      throw new ErasureCodingError("Pass one entry per shard (undefined for a missing one)", {
        details: { expected: this.totalShards, got: shards.length },
      });
    }
    const present: number[] = [];
    for (let i = 0; i < shards.length && present.length < this.dataShards; i++) {
      if (shards[i] !== undefined) present.push(i);
    }
    if (present.length < this.dataShards) {
      throw new ErasureCodingError("Not enough shards to reconstruct: need any k of k + m", {
        details: { k: this.dataShards, present: shards.filter((s) => s !== undefined).length },
      });
    }
    const chosen = present.map((i) => shards[i] as Uint8Array);
    const length = this.checkShards(chosen, this.dataShards, "present");
    const data: Uint8Array[] = new Array<Uint8Array>(this.dataShards);
    let missing = false;
    for (let j = 0; j < this.dataShards; j++) {
      const shard = shards[j];
      if (shard === undefined) missing = true;
      else data[j] = shard;
    }
    if (!missing) return data;
    const decode = invertMatrix(present.map((i) => this.row(i)));
    if (decode === null) throw new ErasureCodingError("Singular decoding matrix (cannot happen with a Cauchy code)");
    for (let j = 0; j < this.dataShards; j++) {
      if (data[j] !== undefined) continue;
      const out = new Uint8Array(length);
      const coefficients = decode[j] as Uint8Array;
      for (let i = 0; i < this.dataShards; i++) mulAddInto(coefficients[i] as number, chosen[i] as Uint8Array, out);
      data[j] = out;
    }
    return data;
  }

  private checkShards(shards: readonly Uint8Array[], count: number, what: string): number {
    if (!Array.isArray(shards) || shards.length !== count) {
      throw new ErasureCodingError(`Expected ${count} ${what} shards`, {
        details: { got: Array.isArray(shards) ? shards.length : typeof shards },
      });
    }
    const length = (shards[0] as Uint8Array | undefined)?.length ?? 0;
    for (const [i, shard] of shards.entries()) {
      if (!(shard instanceof Uint8Array) || shard.length !== length) {
        throw new ErasureCodingError("All shards must be Uint8Arrays of the same length", {
          details: { shard: i, expected: length, got: shard instanceof Uint8Array ? shard.length : typeof shard },
        });
      }
    }
    return length;
  }
}
