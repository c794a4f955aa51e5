import { pieceRange, type PieceGeometry } from "../../commitment/index.ts";
import type { Bitfield } from "../bitfield.ts";
import type { PieceHasher } from "../hasher.ts";
import type { PartFile } from "../partfile.ts";
import { rootMatches } from "./pieceLayer.ts";

/**
 * Re-verifies the pieces a previous run recorded, straight from the partial file: each one that
 * still hashes to its entry of the verified `layer` is set in `done`. Returns how many.
 */
export async function resumeVerified(
  part: PartFile,
  layer: Uint8Array,
  geometry: PieceGeometry,
  hasher: PieceHasher,
  done: Bitfield,
  buffer: Uint8Array,
  release: (buf: Uint8Array) => void,
): Promise<number> {
  let buf = buffer;
  let resumed = 0;
  try {
    for (let i = 0; i < geometry.count; i++) {
      if (!part.claimed.get(i)) continue;
      const data = await part.readPiece(i, buf);
      const { start, end } = pieceRange(geometry, i);
      if (data.length !== end - start) continue;
      const hashed = await hasher.hash(i, data);
      buf = hashed.whole;
      if (rootMatches(layer, i, hashed.root)) {
        done.set(i);
        resumed++;
      }
    }
  } finally {
    release(buf);
  }
  return resumed;
}
