/**
 * Worker thread of `PieceHasher`: computes piece roots with the commitment module's native tree
 * hasher. Imports only the geometry and subtree modules (no viem), so a worker starts in a few ms.
 */
import { parentPort } from "node:worker_threads";

import { pieceGeometry, pieceRange } from "../commitment/geometry.ts";
import { subtreeRoot } from "../commitment/subtree.ts";

interface Job {
  readonly id: number;
  readonly size: bigint;
  readonly pieceSize: number;
  readonly index: number;
  readonly buffer: ArrayBuffer;
  readonly length: number;
}

parentPort?.on("message", (job: Job) => {
  let root: Uint8Array | undefined;
  let error: string | undefined;
  try {
    const geometry = pieceGeometry(job.size, job.pieceSize);
    const { start, end } = pieceRange(geometry, job.index);
    if (end - start !== job.length) throw new Error("piece data has the wrong length");
    root = subtreeRoot(new Uint8Array(job.buffer, 0, job.length), geometry.level);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  parentPort?.postMessage({ id: job.id, root, error, buffer: job.buffer }, [job.buffer]);
});
