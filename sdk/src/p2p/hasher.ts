import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

import { pieceGeometry, pieceRange, subtreeRoot } from "../commitment/index.ts";
import { TransferError } from "./errors.ts";

/** A piece whose root was computed; `data` and `whole` view the memory passed in (moved back from the worker). */
export interface HashedPiece {
  readonly root: Uint8Array;
  /** The piece bytes. */
  readonly data: Uint8Array;
  /** The whole underlying buffer, for reuse. */
  readonly whole: Uint8Array;
}

interface Pending {
  readonly resolve: (piece: HashedPiece) => void;
  readonly reject: (error: Error) => void;
  readonly length: number;
  readonly worker: Worker;
}

/**
 * Computes piece roots (the commitment module's `subtreeRoot` at the piece level, i.e. what
 * `pieceRootOf` returns, with the native tree hasher), inline or on worker
 * threads, so that the event loop keeps receiving while pieces are verified. Piece buffers are
 * moved to the worker and back, never copied: pass a buffer that owns its whole ArrayBuffer
 * (e.g. `Buffer.allocUnsafeSlow`) and use only the returned `data` afterwards. With zero
 * workers, hashing runs inline.
 */
export class PieceHasher {
  private readonly size: bigint;
  private readonly pieceSize: number;
  private readonly level: number;
  private readonly workers: Worker[] = [];
  private readonly load = new Map<Worker, number>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failed: Error | undefined;

  constructor(size: bigint, pieceSize: number, workers = 0) {
    this.size = size;
    this.pieceSize = pieceSize;
    this.level = pieceGeometry(size, pieceSize).level;
    const url = new URL(`./hashWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);
    for (let i = 0; i < workers; i++) {
      const worker = new Worker(url);
      worker.unref();
      worker.on("message", (m: { id: number; root?: Uint8Array; error?: string; buffer: ArrayBuffer }) =>
        this.onResult(worker, m),
      );
      worker.on("error", (error) => this.onWorkerError(error));
      this.workers.push(worker);
      this.load.set(worker, 0);
    }
  }

  /** Root of piece `index` from its bytes. */
  hash(index: number, data: Uint8Array): Promise<HashedPiece> {
    if (
      this.failed !== undefined ||
      this.workers.length === 0 ||
      data.byteOffset !== 0 ||
      !(data.buffer instanceof ArrayBuffer)
    ) {
      const whole = new Uint8Array(data.buffer, 0, data.buffer.byteLength);
      const { start, end } = pieceRange(pieceGeometry(this.size, this.pieceSize), index);
      if (data.length !== end - start)
        return Promise.reject(new TransferError("Piece data has the wrong length", { details: { piece: index } }));
      return Promise.resolve({ root: subtreeRoot(data, this.level), data, whole });
    }
    let worker = this.workers[0] as Worker;
    for (const w of this.workers) if ((this.load.get(w) as number) < (this.load.get(worker) as number)) worker = w;
    this.load.set(worker, (this.load.get(worker) as number) + 1);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, length: data.length, worker });
      const buffer = data.buffer as ArrayBuffer;
      worker.postMessage({ id, size: this.size, pieceSize: this.pieceSize, index, buffer, length: data.length }, [
        buffer,
      ]);
    });
  }

  private onResult(worker: Worker, m: { id: number; root?: Uint8Array; error?: string; buffer: ArrayBuffer }): void {
    const job = this.pending.get(m.id);
    if (job === undefined) return;
    this.pending.delete(m.id);
    this.load.set(worker, (this.load.get(worker) as number) - 1);
    if (m.root === undefined) job.reject(new TransferError("Piece hashing failed", { details: { error: m.error } }));
    else job.resolve({ root: m.root, data: Buffer.from(m.buffer, 0, job.length), whole: Buffer.from(m.buffer) });
  }

  private onWorkerError(error: Error): void {
    this.failed = error;
    for (const job of this.pending.values())
      job.reject(new TransferError("Piece hashing worker failed", { cause: error }));
    this.pending.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

/** A sensible worker count for `PieceHasher` on an otherwise idle machine: one per spare core (1..4). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
