import { sha256 } from "viem";

import { tryNodeBuiltin } from "../utils/nodeBuiltins.ts";

/**
 * SHA-256 of pairs of 32-byte nodes: `output[i] = sha256(input[64i .. 64i+64])`.
 * Uses `@chainsafe/hashtree` (SIMD, native) when its prebuilt binary loads for this platform and
 * falls back to `node:crypto` (about 30x slower on whole trees) otherwise; in a browser, to viem's
 * pure-JavaScript SHA-256 (Node built-ins load at run time: see utils/nodeBuiltins.ts).
 */
export type PairHasher = (input: Uint8Array, output: Uint8Array) => void;

function loadNative(): PairHasher | undefined {
  try {
    const nodeModule = tryNodeBuiltin("node:module");
    if (nodeModule === undefined) return undefined;
    const require = nodeModule.createRequire(import.meta.url);
    const native = require("@chainsafe/hashtree") as { hashInto?: PairHasher };
    if (typeof native.hashInto !== "function") return undefined;
    return native.hashInto;
  } catch {
    return undefined;
  }
}

const nodeCrypto = tryNodeBuiltin("node:crypto");

export const hashPairsPortable: PairHasher = nodeCrypto
  ? (input, output) => {
      for (let i = 0, o = 0; i < input.length; i += 64, o += 32) {
        const digest = nodeCrypto
          .createHash("sha256")
          .update(input.subarray(i, i + 64))
          .digest();
        output.set(digest, o);
      }
    }
  : (input, output) => {
      for (let i = 0, o = 0; i < input.length; i += 64, o += 32)
        output.set(sha256(input.subarray(i, i + 64), "bytes"), o);
    };

const native = loadNative();

/** The fastest available pair hasher. */
export const hashPairs: PairHasher = native ?? hashPairsPortable;

/** Which implementation `hashPairs` uses: "hashtree", "node:crypto" or (in a browser) "javascript". */
export const hasherName: "hashtree" | "node:crypto" | "javascript" = native
  ? "hashtree"
  : nodeCrypto
    ? "node:crypto"
    : "javascript";

const pairScratch = new Uint8Array(64);

/** sha256(left || right) of two 32-byte nodes, written to `out` (a fresh array by default). */
export function hashNode(left: Uint8Array, right: Uint8Array, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  pairScratch.set(left, 0);
  pairScratch.set(right, 32);
  hashPairs(pairScratch, out);
  return out;
}
