import { hexToBytes, type Hex } from "viem";

export { commitBytes, ContentTree, verifyPiece, verifySegment } from "../../../../sdk/src/commitment/index.ts";

/** hexToBytes that always returns a fresh, writable array. */
export function hexToBytesSafe(hex: Hex): Uint8Array {
  return Uint8Array.from(hexToBytes(hex));
}
