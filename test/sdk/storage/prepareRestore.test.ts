import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { commitFile } from "../../../sdk/src/commitment/index.ts";
import {
  DecryptionError,
  ManifestError,
  NotEnoughShardsError,
  ShardCorruptedError,
} from "../../../sdk/src/storage/errors.ts";
import { parseStorageManifest, storageManifestToJson } from "../../../sdk/src/storage/files/manifest.ts";
import { prepare } from "../../../sdk/src/storage/files/prepare.ts";
import { restore } from "../../../sdk/src/storage/files/restore.ts";

function combinations(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...combinations(n - 1, k - 1).map((c) => [...c, n - 1]), ...combinations(n - 1, k)];
}

describe("storage/files: prepare and restore", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-storage-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function input(size: number): Promise<{ path: string; bytes: Buffer }> {
    const bytes = randomBytes(size);
    const path = join(dir, `input-${size}.bin`);
    await writeFile(path, bytes);
    return { path, bytes };
  }

  for (const size of [0, 1, 31, 1000, 4096, 10_007]) {
    it(`round-trips ${size} bytes through 3 + 2 shards from every choice of 3 shards (small chunks and stripes)`, async () => {
      const { path, bytes } = await input(size);
      const prepared = await prepare({ input: path, outDir: join(dir, "out"), chunkSize: 1000, stripeUnit: 256 });
      const { manifest } = prepared;
      expect(manifest.shards).to.have.length(5);
      expect(manifest.plainSize).to.equal(BigInt(size));
      for (const [i, shard] of manifest.shards.entries()) {
        const committed = await commitFile(prepared.shardPaths[i]!);
        expect(committed.root).to.equal(shard.root);
        expect(committed.size).to.equal(manifest.shardSize);
      }
      for (const chosen of combinations(5, 3)) {
        const output = join(dir, `restored-${chosen.join("")}.bin`);
        const shards = Object.fromEntries(chosen.map((i) => [i, prepared.shardPaths[i]!]));
        const result = await restore({ manifest, key: prepared.key, shards, output });
        expect(result.usedShards).to.deep.equal(chosen);
        expect((await readFile(output)).equals(bytes)).to.equal(true);
      }
    });
  }

  it("writes a manifest without the key that restore reads, finding shards next to it", async () => {
    const { path, bytes } = await input(5000);
    const prepared = await prepare({
      input: path,
      outDir: join(dir, "out"),
      dataShards: 2,
      parityShards: 1,
      stripeUnit: 512,
    });
    const text = await readFile(prepared.manifestPath, "utf8");
    expect(text).to.not.include(Buffer.from(prepared.key).toString("hex"));
    expect(parseStorageManifest(text)).to.deep.equal(prepared.manifest);
    await rm(prepared.shardPaths[0]!);
    const output = join(dir, "restored.bin");
    const result = await restore({ manifest: prepared.manifestPath, key: prepared.key, output });
    expect(result.usedShards).to.deep.equal([1, 2]);
    expect((await readFile(output)).equals(bytes)).to.equal(true);
  });

  it("uses fresh keys and nonces: preparing the same file twice gives unrelated shards", async () => {
    const { path } = await input(3000);
    const a = await prepare({ input: path, outDir: join(dir, "a") });
    const b = await prepare({ input: path, outDir: join(dir, "b") });
    expect(Buffer.from(a.key).equals(Buffer.from(b.key))).to.equal(false);
    expect(a.manifest.shards.map((s) => s.root)).to.not.deep.equal(b.manifest.shards.map((s) => s.root));
  });

  it("fails with ShardCorruptedError naming the corrupted shard when only k shards are given", async () => {
    const { path } = await input(20_000);
    const prepared = await prepare({ input: path, outDir: join(dir, "out"), stripeUnit: 1024 });
    const handle = await open(prepared.shardPaths[1]!, "r+");
    await handle.write(Buffer.from([0xff]), 0, 1, 777);
    await handle.close();
    const output = join(dir, "restored.bin");
    const shards = { 0: prepared.shardPaths[0]!, 1: prepared.shardPaths[1]!, 4: prepared.shardPaths[4]! };
    let caught: unknown;
    try {
      await restore({ manifest: prepared.manifest, key: prepared.key, shards, output });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ShardCorruptedError);
    expect((caught as ShardCorruptedError).shards).to.deep.equal([1]);
    expect((caught as Error).message).to.match(/Shard 1 does not match its root/);
    expect(await stat(output).catch(() => null)).to.equal(null);
    expect(await stat(`${output}.partial`).catch(() => null)).to.equal(null);
  });

  it("skips a corrupted shard when k good ones remain, and reports it", async () => {
    const { path, bytes } = await input(20_000);
    const prepared = await prepare({ input: path, outDir: join(dir, "out"), stripeUnit: 1024 });
    const shard0 = await readFile(prepared.shardPaths[0]!);
    await writeFile(prepared.shardPaths[0]!, shard0.subarray(0, shard0.length - 1)); // truncated
    const output = join(dir, "restored.bin");
    const shards = Object.fromEntries(prepared.shardPaths.map((p, i) => [i, p]));
    const result = await restore({ manifest: prepared.manifest, key: prepared.key, shards, output });
    expect(result.corruptedShards).to.deep.equal([0]);
    expect(result.usedShards).to.deep.equal([1, 2, 3]);
    expect((await readFile(output)).equals(bytes)).to.equal(true);
  });

  it("rejects too few shards, a wrong key and a bad manifest with typed errors", async () => {
    const { path } = await input(2000);
    const prepared = await prepare({ input: path, outDir: join(dir, "out") });
    const output = join(dir, "restored.bin");
    const two = { 0: prepared.shardPaths[0]!, 3: prepared.shardPaths[3]! };
    await expectError(
      restore({ manifest: prepared.manifest, key: prepared.key, shards: two, output }),
      NotEnoughShardsError,
    );
    const three = { 0: prepared.shardPaths[0]!, 2: prepared.shardPaths[2]!, 3: prepared.shardPaths[3]! };
    const wrongKey = new Uint8Array(32).fill(7);
    await expectError(restore({ manifest: prepared.manifest, key: wrongKey, shards: three, output }), DecryptionError);
    expect(await stat(output).catch(() => null)).to.equal(null);
    await expectError(
      restore({ manifest: prepared.manifest, key: new Uint8Array(16), shards: three, output }),
      DecryptionError,
    );
    const json = JSON.parse(storageManifestToJson(prepared.manifest)) as Record<string, unknown>;
    expect(() => parseStorageManifest({ ...json, version: 2 })).to.throw(ManifestError, /version/);
    expect(() => parseStorageManifest({ ...json, shards: [] })).to.throw(ManifestError, /k \+ m/);
    expect(() => parseStorageManifest("{")).to.throw(ManifestError, /JSON/);
  });
});

async function expectError(promise: Promise<unknown>, type: new (...args: never[]) => Error): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${type.name}`).to.be.instanceOf(type);
}
