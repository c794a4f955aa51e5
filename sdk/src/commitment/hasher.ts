import { createHash } from "node:crypto";
import { createRequire } from "node:module";

/**
 * SHA-256 of pairs of 32-byte nodes: `output[i] = sha256(input[64i .. 64i+64])`.
 * Uses `@chainsafe/hashtree` (SIMD, native) when its prebuilt binary loads for this platform and
 * falls back to `node:crypto` (about 30x slower on whole trees) otherwise.
 */
export type PairHasher = (input: Uint8Array, output: Uint8Array) => void;

function loadNative(): PairHasher | undefined {
  try {
    const require = createRequire(import.meta.url);
    const native = require("@chainsafe/hashtree") as { hashInto?: PairHasher };
    if (typeof native.hashInto !== "function") return undefined;
    return native.hashInto;
  } catch {
    return undefined;
  }
}

export const hashPairsPortable: PairHasher = (input, output) => {
  for (let i = 0, o = 0; i < input.length; i += 64, o += 32) {
    const digest = createHash("sha256")
      .update(input.subarray(i, i + 64))
      .digest();
    output.set(digest, o);
  }
};

const native = loadNative();

/** The fastest available pair hasher. */
export const hashPairs: PairHasher = native ?? hashPairsPortable;

/** Which implementation `hashPairs` uses: "hashtree" or "node:crypto". */
export const hasherName: "hashtree" | "node:crypto" = native ? "hashtree" : "node:crypto";

const pairScratch = new Uint8Array(64);

/** sha256(left || right) of two 32-byte nodes, written to `out` (a fresh array by default). */
export function hashNode(left: Uint8Array, right: Uint8Array, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  pairScratch.set(left, 0);
  pairScratch.set(right, 32);
  hashPairs(pairScratch, out);
  return out;
}
