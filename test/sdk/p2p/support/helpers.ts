import { randomBytes } from "node:crypto";
import { connect } from "node:net";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { zeroAddress, type Address, type LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import {
  Connection,
  FileSource,
  Seeder,
  type ContentSource,
  type LocalContent,
  type Message,
  type SeederOptions,
  type SeederPaymentOptions,
} from "../../../../sdk/src/p2p/index.ts";
import { MemoryVoucherStore } from "../../../../sdk/src/payments/index.ts";

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

export async function seed(
  path: string,
  options: Partial<SeederOptions> = {},
): Promise<{ seeder: Seeder; source: ContentSource; close: () => Promise<void> }> {
  const source = await FileSource.open(path);
  const seeder = await Seeder.start({ account: account(), content: source, ...options });
  return {
    seeder,
    source,
    close: async () => {
      await seeder.close();
      await source.close();
    },
  };
}

/** Waits until `seeder` has no connection left and every voucher it received is stored. */
export async function settled(seeder: Seeder, timeoutMs = 5_000): Promise<void> {
  await seeder.drained(timeoutMs);
}

/** A hand-driven protocol client: completes the handshake, records every message, sends what the test says. */
export interface RawClient {
  readonly conn: Connection;
  readonly messages: Message[];
  readonly closed: Promise<Error | undefined>;
  /** Resolves once `predicate` holds for the messages received so far. */
  until(predicate: (messages: Message[]) => boolean, timeoutMs?: number): Promise<void>;
}

export async function rawClient(
  port: number,
  content: LocalContent,
  signer: LocalAccount = account(),
): Promise<RawClient> {
  const socket = connect({ host: "127.0.0.1", port });
  const messages: Message[] = [];
  const waiters: (() => void)[] = [];
  let closeResolve!: (e: Error | undefined) => void;
  const closed = new Promise<Error | undefined>((r) => (closeResolve = r));
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  const conn = new Connection({
    socket,
    account: signer,
    initiator: true,
    content,
    handlers: {
      onReady: () => readyResolve(),
      onMessage: (m) => {
        // Piece data is a view into parser memory: keep a copy.
        messages.push(m.type === "piece" ? { ...m, data: Buffer.from(m.data) } : m);
        for (const w of waiters.splice(0)) w();
      },
      onClose: (e) => {
        closeResolve(e);
        for (const w of waiters.splice(0)) w();
      },
    },
  });
  await Promise.race([ready, closed.then((e) => Promise.reject(e ?? new Error("closed during handshake")))]);
  const until = async (predicate: (m: Message[]) => boolean, timeoutMs = 5000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(messages)) {
      if (conn.closed) throw new Error("connection closed while waiting");
      if (Date.now() > deadline) throw new Error(`timed out waiting; got ${messages.map((m) => m.type).join(",")}`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 50);
      });
    }
  };
  return { conn, messages, closed, until };
}

/** Paid-mode terms of the p2p tests: a price per piece in the native token on BTTC's chain id. */
export const PRICE = 3n * 10n ** 15n;
export const CHAIN = 199n;

export function paidTerms(
  pool: Address,
  store: SeederPaymentOptions["store"] = new MemoryVoucherStore(),
  creditPieces = 4,
): SeederPaymentOptions {
  return { pricePerPiece: PRICE, creditPieces, chainId: CHAIN, pool, token: zeroAddress, store };
}
