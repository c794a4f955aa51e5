import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { FileSource, Seeder, type ContentSource, type SeederOptions } from "../../sdk/src/p2p/index.ts";

/** A temp dir on tmpfs when there is one (the disk here writes ~100 MB/s), removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dir = mkdtempSync(join(base, "btt-p2p-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function account(): LocalAccount {
  return privateKeyToAccount(generatePrivateKey());
}

export function writeRandomFile(dir: string, name: string, size: number): { path: string; data: Buffer } {
  const data = randomBytes(size);
  const path = join(dir, name);
  writeFileSync(path, data);
  return { path, data };
}

/** A source that serves `inner`'s correct piece layer but flips a byte in every piece. */
export function corrupt(inner: ContentSource): ContentSource {
  return {
    commitment: inner.commitment,
    geometry: inner.geometry,
    pieceRoots: inner.pieceRoots,
    async readPiece(index) {
      const copy = Buffer.from(await inner.readPiece(index));
      copy[copy.length >> 1] = (copy[copy.length >> 1] as number) ^ 0xff;
      return copy;
    },
    close: () => inner.close(),
  };
}

export async function seed(path: string, options: Partial<SeederOptions> = {}): Promise<{ seeder: Seeder; source: ContentSource; close: () => Promise<void> }> {
  const source = await FileSource.open(path);
  const seeder = await Seeder.start({ account: account(), content: source, ...options });
  return { seeder, source, close: async () => { await seeder.close(); await source.close(); } };
}
