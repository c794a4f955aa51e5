import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { NotEnoughShardsError, ShardCorruptedError } from "../../../sdk/src/storage/errors.ts";
import { prepare } from "../../../sdk/src/storage/files/prepare.ts";
import { rebuildShards } from "../../../sdk/src/storage/files/rebuild.ts";

describe("storage/files: rebuildShards (repair)", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-rebuild-"));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Several full stripes plus a short last one, so every code path of the striping is crossed.
  async function prepared() {
    const input = join(dir, "file.bin");
    await writeFile(input, randomBytes(3 * 64 * 1024 * 2 + 12_345));
    return prepare({
      input,
      outDir: join(dir, "shards"),
      dataShards: 3,
      parityShards: 2,
      chunkSize: 16 * 1024,
      stripeUnit: 64 * 1024,
    });
  }

  it("rebuilds lost data and parity shards byte for byte from any k healthy ones", async () => {
    const p = await prepared();
    for (const [lost, healthy] of [
      [[0], [2, 3, 4]],
      [[4], [0, 1, 2]],
      [
        [1, 3],
        [0, 2, 4],
      ],
    ] as const) {
      const outputs = Object.fromEntries(lost.map((i) => [i, join(dir, `rebuilt-${lost.join("")}-${i}.bin`)]));
      const shards = Object.fromEntries(healthy.map((i) => [i, p.shardPaths[i]!]));
      const result = await rebuildShards({ manifest: p.manifest, shards, outputs });
      expect(result.usedShards).to.deep.equal([...healthy]);
      for (const i of lost)
        expect((await readFile(outputs[i]!)).equals(await readFile(p.shardPaths[i]!))).to.equal(true);
    }
  });

  it("refuses too few shards, and shards that do not match their roots", async () => {
    const p = await prepared();
    const out = { 0: join(dir, "out.bin") };
    let error = await rebuildShards({
      manifest: p.manifest,
      shards: { 1: p.shardPaths[1]!, 2: p.shardPaths[2]! },
      outputs: out,
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NotEnoughShardsError);
    const bad = join(dir, "bad.bin");
    const bytes = await readFile(p.shardPaths[3]!);
    bytes[100] = bytes[100]! ^ 1;
    await writeFile(bad, bytes);
    error = await rebuildShards({
      manifest: p.manifest,
      shards: { 1: p.shardPaths[1]!, 2: p.shardPaths[2]!, 3: bad },
      outputs: out,
    }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ShardCorruptedError);
    expect((error as ShardCorruptedError).shards).to.deep.equal([3]);
  });
});
