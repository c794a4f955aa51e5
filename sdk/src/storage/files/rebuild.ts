import type { FileHandle } from "node:fs/promises";
import { open, rename } from "../../utils/nodeBuiltins.ts";

import { commitFile } from "../../commitment/commit.ts";
import { ReedSolomon } from "../erasure/reedSolomon.ts";
import { NotEnoughShardsError, ShardCorruptedError } from "../errors.ts";
import { stripeLayout, stripeUnits } from "./layout.ts";
import type { StorageManifest } from "./manifest.ts";
import { toFileAccessError } from "../../errors.ts";

export interface RebuildShardsParameters {
  readonly manifest: StorageManifest;
  /** At least k healthy shard files by shard index (checked against their roots first). */
  readonly shards: Readonly<Record<number, string>>;
  /** Where to write each lost shard, by shard index. */
  readonly outputs: Readonly<Record<number, string>>;
}

export interface RebuildShardsReturnType {
  /** The k shards the lost ones were computed from. */
  readonly usedShards: readonly number[];
}

/**
 * Repair: recomputes lost shards (data or parity) from any k healthy ones, stripe by stripe in
 * bounded memory, without the key. Reed-Solomon is deterministic, so a rebuilt shard is
 * byte-identical to the original and commits to the same (root, size): each output is checked
 * against the manifest before it is renamed into place (`<output>.partial` until then).
 */
export async function rebuildShards(parameters: RebuildShardsParameters): Promise<RebuildShardsReturnType> {
  try {
    return await rebuild(parameters);
  } catch (error) {
    throw toFileAccessError(error);
  }
}

async function rebuild(parameters: RebuildShardsParameters): Promise<RebuildShardsReturnType> {
  const { manifest } = parameters;
  const { dataShards: k, parityShards: m, stripeUnit } = manifest.erasure;
  const good: number[] = [];
  const corrupted: number[] = [];
  for (const [key, path] of Object.entries(parameters.shards)) {
    const index = Number(key);
    const entry = manifest.shards[index];
    if (entry === undefined || good.length >= k) continue;
    const commitment = await commitFile(path);
    if (commitment.root === entry.root && commitment.size === entry.size) good.push(index);
    else corrupted.push(index);
  }
  if (good.length < k) {
    if (corrupted.length > 0) {
      throw new ShardCorruptedError("Too few shards match their roots to rebuild the lost ones", corrupted, {
        details: { good: good.length, k },
        hints: ["Fetch another healthy shard of this file from its host"],
      });
    }
    throw new NotEnoughShardsError("Rebuilding a shard needs any k healthy shards", {
      details: { given: good.length, k },
      hints: ["Download more shards of the file from their hosts first"],
    });
  }
  good.sort((a, b) => a - b);
  const lost = Object.keys(parameters.outputs).map(Number);
  const rs = new ReedSolomon(k, m);
  const inputs: FileHandle[] = [];
  const outputs: FileHandle[] = [];
  try {
    for (const i of good) inputs.push(await open(parameters.shards[i]!, "r"));
    for (const i of lost) outputs.push(await open(`${parameters.outputs[i]!}.partial`, "w"));
    const layout = stripeLayout(manifest.encryptedSize, k, stripeUnit);
    let offset = 0;
    const buffers = good.map(() => Buffer.alloc(stripeUnit));
    for (const unit of stripeUnits(layout, stripeUnit)) {
      const present: (Uint8Array | undefined)[] = new Array(k + m).fill(undefined);
      for (const [j, handle] of inputs.entries()) {
        const view = buffers[j]!.subarray(0, unit);
        await handle.read(view, 0, unit, offset);
        present[good[j]!] = view;
      }
      const data = rs.reconstruct(present);
      const parity = lost.some((i) => i >= k) ? rs.encode(data) : [];
      for (const [j, i] of lost.entries()) {
        const bytes = i < k ? data[i]! : parity[i - k]!;
        await outputs[j]!.write(bytes, 0, unit, offset);
      }
      offset += unit;
    }
    for (const handle of outputs) await handle.sync();
  } finally {
    await Promise.all([...inputs, ...outputs].map((h) => h.close()));
  }
  for (const i of lost) {
    const out = parameters.outputs[i]!;
    const commitment = await commitFile(`${out}.partial`);
    const entry = manifest.shards[i]!;
    if (commitment.root !== entry.root || commitment.size !== entry.size) {
      throw new ShardCorruptedError(
        "A rebuilt shard does not match its root (the manifest does not fit these shards)",
        [i],
        {
          details: { root: commitment.root, expected: entry.root },
        },
      );
    }
    await rename(`${out}.partial`, out);
  }
  return { usedShards: good.slice(0, k) };
}
