import { writev } from "node:fs";
import { open, readFile, rename, unlink, type FileHandle } from "node:fs/promises";

import type { Hex } from "viem";

import { pieceRange, type PieceGeometry } from "../commitment/index.ts";
import { writeFileAtomic } from "../utils/writeFileAtomic.ts";
import { Bitfield } from "./bitfield.ts";
import { TransferError } from "./errors.ts";

/** Voucher state per payee, kept so a resumed download knows what it already signed. */
export interface PayeeState {
  readonly chainId: string;
  readonly pool: string;
  readonly token: string;
  readonly generation: string;
  readonly cumulativeAmount: string;
  readonly pieces: number;
}

interface QueuedWrite {
  readonly data: Uint8Array;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** Most pieces in one `writev` (well under IOV_MAX). */
const MAX_RUN = 64;

/** `writev` of `buffers` at `position`, continuing after short writes. */
function writeAll(fd: number, buffers: Uint8Array[], position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (bufs: Uint8Array[], pos: number): void => {
      writev(fd, bufs, pos, (error, written) => {
        if (error) return reject(error);
        let left = written;
        const rest: Uint8Array[] = [];
        for (const b of bufs) {
          if (left >= b.length) left -= b.length;
          else {
            rest.push(left > 0 ? b.subarray(left) : b);
            left = 0;
          }
        }
        if (rest.length === 0) resolve();
        else step(rest, pos + written);
      });
    };
    step(buffers, position);
  });
}

/** The JSON sidecar next to `<out>.part`. */
export interface Sidecar {
  readonly version: 1;
  readonly root: Hex;
  readonly size: string;
  readonly pieceSize: number;
  /** Pieces verified and written, as a base64 bitfield. */
  readonly verified: string;
  readonly payments: Record<string, PayeeState>;
}

/**
 * A download in progress: `<out>.part` written at piece offsets with positional writes, and
 * `<out>.part.json` (the sidecar) replaced atomically; `finish` fsyncs and renames to `<out>`.
 * The sidecar only ever lists pieces whose write completed, so it never vouches for bytes that
 * are not on disk.
 */
export class PartFile {
  readonly out: string;
  readonly partPath: string;
  readonly sidecarPath: string;
  readonly geometry: PieceGeometry;
  readonly root: Hex;
  private readonly handle: FileHandle;
  /** Pieces the sidecar claimed at open (to be re-verified by the caller). */
  readonly claimed: Bitfield;
  readonly payments: Record<string, PayeeState>;
  private flushing: Promise<void> = Promise.resolve();
  private readonly writeQueue = new Map<number, QueuedWrite>();
  private flushScheduled = false;

  private constructor(
    out: string,
    root: Hex,
    geometry: PieceGeometry,
    handle: FileHandle,
    claimed: Bitfield,
    payments: Record<string, PayeeState>,
  ) {
    this.out = out;
    this.partPath = `${out}.part`;
    this.sidecarPath = `${out}.part.json`;
    this.root = root;
    this.geometry = geometry;
    this.handle = handle;
    this.claimed = claimed;
    this.payments = payments;
  }

  /** Opens (or creates) the partial file; a sidecar for other content is an error, never overwritten. */
  static async open(out: string, root: Hex, geometry: PieceGeometry): Promise<PartFile> {
    const sidecarPath = `${out}.part.json`;
    let claimed = new Bitfield(geometry.count);
    let payments: Record<string, PayeeState> = {};
    let sidecar: Sidecar | undefined;
    try {
      sidecar = JSON.parse(await readFile(sidecarPath, "utf8")) as Sidecar;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new TransferError("Cannot read the resume sidecar", {
          details: { path: sidecarPath },
          cause: error,
          hints: ["Delete the .part and .part.json files to start over"],
        });
      }
    }
    if (sidecar !== undefined) {
      if (
        sidecar.version !== 1 ||
        sidecar.root.toLowerCase() !== root.toLowerCase() ||
        sidecar.size !== geometry.size.toString() ||
        sidecar.pieceSize !== geometry.pieceSize
      ) {
        throw new TransferError("A partial download of other content exists at this path", {
          details: { path: `${out}.part`, root: sidecar.root, size: sidecar.size },
          hints: ["Choose another output file, or delete the .part and .part.json files"],
        });
      }
      claimed = new Bitfield(geometry.count, Buffer.from(sidecar.verified, "base64"));
      payments = sidecar.payments ?? {};
    }
    let handle: FileHandle;
    try {
      handle = await open(`${out}.part`, "r+");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      handle = await open(`${out}.part`, "w+");
      claimed = new Bitfield(geometry.count);
    }
    const info = await handle.stat();
    if (BigInt(info.size) !== geometry.size) await handle.truncate(Number(geometry.size));
    return new PartFile(out, root, geometry, handle, claimed, payments);
  }

  /** Reads piece `index` into `into` (at least the piece's length). */
  async readPiece(index: number, into: Uint8Array): Promise<Uint8Array> {
    const { start, end } = pieceRange(this.geometry, index);
    const view = into.subarray(0, end - start);
    const { bytesRead } = await this.handle.read(view, 0, view.length, start);
    return view.subarray(0, bytesRead);
  }

  /**
   * Positional write of a verified piece. Pieces queued in the same turn of the event loop are
   * written together, one `writev` per run of adjacent pieces: fewer thread-pool round trips.
   */
  writePiece(index: number, data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.writeQueue.set(index, { data, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flushWrites());
      }
    });
  }

  private flushWrites(): void {
    this.flushScheduled = false;
    const indices = [...this.writeQueue.keys()].sort((a, b) => a - b);
    let runStart = 0;
    for (let k = 1; k <= indices.length; k++) {
      const prev = indices[k - 1] as number;
      if (k < indices.length && indices[k] === prev + 1 && k - runStart < MAX_RUN) continue;
      const run = indices.slice(runStart, k).map((i) => this.writeQueue.get(i) as QueuedWrite);
      for (const i of indices.slice(runStart, k)) this.writeQueue.delete(i);
      const position = pieceRange(this.geometry, indices[runStart] as number).start;
      writeAll(
        this.handle.fd,
        run.map((w) => w.data),
        position,
      ).then(
        () => run.forEach((w) => w.resolve()),
        (error: unknown) => run.forEach((w) => w.reject(error)),
      );
      runStart = k;
    }
  }

  /** Replaces the sidecar atomically (serialised: the last call wins). */
  saveSidecar(verified: Bitfield): Promise<void> {
    const sidecar: Sidecar = {
      version: 1,
      root: this.root,
      size: this.geometry.size.toString(),
      pieceSize: this.geometry.pieceSize,
      verified: Buffer.from(verified.bytes).toString("base64"),
      payments: this.payments,
    };
    const json = JSON.stringify(sidecar);
    this.flushing = this.flushing.catch(() => undefined).then(() => writeFileAtomic(this.sidecarPath, json));
    return this.flushing;
  }

  /** fsync, rename `<out>.part` to `<out>`, remove the sidecar. */
  async finish(): Promise<void> {
    await this.flushing.catch(() => undefined);
    await this.handle.sync();
    await this.handle.close();
    await rename(this.partPath, this.out);
    await unlink(this.sidecarPath).catch(() => undefined);
  }

  /** Stops without completing and with nothing to resume: removes `<out>.part` and its sidecar. */
  async discard(): Promise<void> {
    await this.flushing.catch(() => undefined);
    await this.handle.close();
    await unlink(this.partPath).catch(() => undefined);
    await unlink(this.sidecarPath).catch(() => undefined);
  }

  /** Stops without completing: data flushed, sidecar saved, file closed (also if saving fails). */
  async close(verified: Bitfield): Promise<void> {
    try {
      await this.handle.sync().catch(() => undefined);
      await this.saveSidecar(verified);
    } finally {
      await this.handle.close();
    }
  }
}
