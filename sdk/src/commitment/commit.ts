import { createReadStream } from "../utils/nodeBuiltins.ts";

import { toFileAccessError } from "../errors.ts";
import { CommitmentError } from "./errors.ts";
import { CommitmentBuilder, type BuildResult } from "./builder.ts";

/** Content to commit to: bytes in memory, a file path, or a stream of byte chunks. */
export type ByteSource = Uint8Array | string | AsyncIterable<Uint8Array>;

export interface CommitOptions {
  /** Also return the root of every piece of this size (power of two >= 32). */
  readonly pieceSize?: number;
  /** Called after each chunk with the bytes hashed so far. */
  readonly onProgress?: (bytesDone: bigint) => void;
  readonly signal?: AbortSignal;
}

/** Commitment of bytes held in memory. Throws `CommitmentError` for empty data. */
export function commitBytes(data: Uint8Array, options: Pick<CommitOptions, "pieceSize"> = {}): BuildResult {
  if (!(data instanceof Uint8Array)) {
    throw new CommitmentError("commitBytes expects a Uint8Array", { details: { got: typeof data } });
  }
  return new CommitmentBuilder(options).update(data).digest();
}

/** Commitment of a file or a stream, in bounded memory (about 3 MiB plus 32 bytes per piece). */
export async function commitSource(source: ByteSource, options: CommitOptions = {}): Promise<BuildResult> {
  if (source instanceof Uint8Array) return commitBytes(source, options);
  const builder = new CommitmentBuilder(options.pieceSize === undefined ? {} : { pieceSize: options.pieceSize });
  const stream = typeof source === "string" ? openFile(source) : source;
  if (stream === null || typeof stream !== "object" || !(Symbol.asyncIterator in stream)) {
    throw new CommitmentError("Source must be bytes, a file path or an async iterable of Uint8Array", {
      details: { got: typeof source },
    });
  }
  try {
    for await (const chunk of stream) {
      options.signal?.throwIfAborted();
      builder.update(chunk);
      options.onProgress?.(builder.size);
    }
  } catch (error) {
    throw toFileAccessError(error, typeof source === "string" ? source : undefined);
  }
  return builder.digest();
}

/** Commitment of the file at `path`. */
export function commitFile(path: string, options: CommitOptions = {}): Promise<BuildResult> {
  return commitSource(path, options);
}

function openFile(path: string): AsyncIterable<Uint8Array> {
  if (path.length === 0) throw new CommitmentError("File path is empty");
  return createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Uint8Array>;
}
