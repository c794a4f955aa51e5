import { randomBytes } from "node:crypto";

import { expect } from "chai";

import { ErasureCodingError } from "../../../sdk/src/storage/errors.ts";
import { gfInv, gfMul, invertMatrix } from "../../../sdk/src/storage/erasure/gf256.ts";
import { ReedSolomon } from "../../../sdk/src/storage/erasure/reedSolomon.ts";

/** Every subset of {0..n-1} of size `size`. */
function subsets(n: number, size: number): number[][] {
  const out: number[][] = [];
  const walk = (start: number, acc: number[]): void => {
    if (acc.length === size) {
      out.push([...acc]);
      return;
    }
    for (let i = start; i < n; i++) walk(i + 1, [...acc, i]);
  };
  walk(0, []);
  return out;
}

describe("storage/erasure: GF(2^8)", () => {
  it("multiplies like carry-less multiplication mod 0x11d", () => {
    const slow = (a: number, b: number): number => {
      let r = 0;
      for (let i = 0; i < 8; i++) if ((b >> i) & 1) r ^= a << i;
      for (let bit = 15; bit >= 8; bit--) if ((r >> bit) & 1) r ^= 0x11d << (bit - 8);
      return r;
    };
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b += 7) expect(gfMul(a, b)).to.equal(slow(a, b));
  });

  it("has an inverse for every non-zero element", () => {
    for (let a = 1; a < 256; a++) expect(gfMul(a, gfInv(a))).to.equal(1);
    expect(() => gfInv(0)).to.throw(RangeError);
  });

  it("inverts matrices and reports singular ones", () => {
    const m = [Uint8Array.of(1, 2), Uint8Array.of(3, 4)];
    const inv = invertMatrix(m);
    expect(inv).to.not.equal(null);
    const product = (i: number, j: number): number => gfMul(m[i]![0]!, inv![0]![j]!) ^ gfMul(m[i]![1]!, inv![1]![j]!);
    expect([product(0, 0), product(0, 1), product(1, 0), product(1, 1)]).to.deep.equal([1, 0, 0, 1]);
    expect(invertMatrix([Uint8Array.of(1, 2), Uint8Array.of(1, 2)])).to.equal(null);
  });
});

describe("storage/erasure: Reed-Solomon", () => {
  for (const [k, m] of [
    [1, 1],
    [2, 1],
    [2, 2],
    [3, 2],
    [4, 2],
    [4, 3],
    [5, 3],
  ] as const) {
    it(`k=${k}, m=${m}: recovers the data from every pattern of up to m erasures`, () => {
      const rs = new ReedSolomon(k, m);
      const data = Array.from({ length: k }, () => new Uint8Array(randomBytes(97)));
      const all = [...data, ...rs.encode(data)];
      let patterns = 0;
      for (let lost = 0; lost <= m; lost++) {
        for (const erased of subsets(k + m, lost)) {
          const shards = all.map((s, i) => (erased.includes(i) ? undefined : s));
          const got = rs.reconstruct(shards);
          for (let j = 0; j < k; j++) expect(Buffer.from(got[j]!).equals(Buffer.from(data[j]!))).to.equal(true);
          patterns++;
        }
      }
      expect(patterns).to.equal(
        Array.from({ length: m + 1 }, (_, l) => subsets(k + m, l).length).reduce((a, b) => a + b),
      );
    });
  }

  it("keeps data shards verbatim (systematic) and is linear", () => {
    const rs = new ReedSolomon(3, 2);
    const a = [randomBytes(16), randomBytes(16), randomBytes(16)].map((b) => new Uint8Array(b));
    const b = [randomBytes(16), randomBytes(16), randomBytes(16)].map((x) => new Uint8Array(x));
    const xor = a.map((s, i) => s.map((v, j) => v ^ b[i]![j]!));
    const pa = rs.encode(a);
    const pb = rs.encode(b);
    const px = rs.encode(xor);
    for (let i = 0; i < 2; i++) expect([...px[i]!]).to.deep.equal([...pa[i]!.map((v, j) => v ^ pb[i]![j]!)]);
  });

  it("every k x k submatrix of the encoding matrix is invertible (k + m = 12)", () => {
    const rs = new ReedSolomon(6, 6);
    for (const rows of subsets(12, 6)) expect(invertMatrix(rows.map((r) => rs.row(r)))).to.not.equal(null);
  });

  it("encodes into caller buffers and handles empty shards", () => {
    const rs = new ReedSolomon(2, 2);
    const out = [new Uint8Array(4).fill(9), new Uint8Array(4).fill(9)];
    const data = [Uint8Array.of(1, 2, 3, 4), Uint8Array.of(5, 6, 7, 8)];
    expect(rs.encode(data, out)).to.equal(out);
    expect([...out[0]!]).to.deep.equal([...rs.encode(data)[0]!]);
    expect(rs.encode([new Uint8Array(0), new Uint8Array(0)]).map((p) => p.length)).to.deep.equal([0, 0]);
  });

  it("rejects bad parameters and shapes with ErasureCodingError", () => {
    expect(() => new ReedSolomon(0, 2)).to.throw(ErasureCodingError, /k >= 1/);
    expect(() => new ReedSolomon(2, -1)).to.throw(ErasureCodingError);
    expect(() => new ReedSolomon(1.5, 1)).to.throw(ErasureCodingError);
    expect(() => new ReedSolomon(200, 57)).to.throw(ErasureCodingError, /256/);
    const rs = new ReedSolomon(2, 1);
    expect(() => rs.encode([new Uint8Array(3)])).to.throw(ErasureCodingError, /Expected 2 data shards/);
    expect(() => rs.encode([new Uint8Array(3), new Uint8Array(4)])).to.throw(ErasureCodingError, /same length/);
    expect(() => rs.encode([new Uint8Array(3), new Uint8Array(3)], [new Uint8Array(2)])).to.throw(ErasureCodingError);
    expect(() => rs.reconstruct([undefined, undefined, new Uint8Array(3)])).to.throw(ErasureCodingError, /Not enough/);
    expect(() => rs.reconstruct([new Uint8Array(3)])).to.throw(ErasureCodingError, /one entry per shard/);
  });
});
