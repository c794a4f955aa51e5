import { readFile } from "../utils/nodeBuiltins.ts";

import { getAddress, type Address, type Hex } from "viem";

import { writeFileAtomic } from "../utils/writeFileAtomic.ts";
import { VoucherStoreError } from "./errors.ts";
import type { SignedVoucher, Voucher } from "./types.ts";

/**
 * The payee's durable record of the best voucher per (payer, token): the one it would claim.
 * `put` resolves only once the voucher is on disk, so a seeder can extend credit after it.
 * Callers put only vouchers they verified (`VoucherVerifier`) for the payer's current generation.
 */
export interface VoucherStore {
  /** The best voucher of `payer` in `token`, if any. */
  get(payer: Address, token: Address): Promise<SignedVoucher | undefined>;
  /** Keeps `signed` if it beats the stored voucher; resolves `true` once durable, `false` if not better. */
  put(signed: SignedVoucher): Promise<boolean>;
  /** Every stored voucher. */
  list(): Promise<readonly SignedVoucher[]>;
  /** Waits for pending writes and releases the store. */
  close(): Promise<void>;
}

/** True if `a` supersedes `b`: a later generation, or the same generation and a larger amount. */
export function isBetterVoucher(a: Voucher, b: Voucher | undefined): boolean {
  if (b === undefined) return true;
  if (a.generation !== b.generation) return a.generation > b.generation;
  return a.cumulativeAmount > b.cumulativeAmount;
}

interface StoredVoucher {
  voucher: Record<keyof Voucher, string>;
  signature: Hex;
}
interface StoreFile {
  version: 1;
  vouchers: StoredVoucher[];
}

/**
 * A `VoucherStore` in one JSON file, replaced atomically on every change (write to a temporary
 * file, fsync, rename over the old one, fsync the directory), so a crash leaves either the old
 * or the new file, never a torn one. Concurrent `put`s are coalesced into one write.
 */
export class FileVoucherStore implements VoucherStore {
  readonly path: string;
  private readonly vouchersPrivate = new Map<string, SignedVoucher>();
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private closed = false;

  private constructor(path: string) {
    this.path = path;
  }

  /** Opens (or creates on first write) the store at `path`. */
  static async open(path: string): Promise<FileVoucherStore> {
    const store = new FileVoucherStore(path);
    let text: string | undefined;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        throw new VoucherStoreError("Cannot read the voucher store", { details: { path }, cause: error });
      }
    }
    if (text !== undefined) {
      for (const signed of parseFile(path, text)) store.vouchersPrivate.set(keyOf(signed.voucher), signed);
    }
    return store;
  }

  async get(payer: Address, token: Address): Promise<SignedVoucher | undefined> {
    return this.vouchersPrivate.get(`${getAddress(payer)}:${getAddress(token)}`);
  }

  async put(signed: SignedVoucher): Promise<boolean> {
    if (this.closed) throw new VoucherStoreError("The voucher store is closed", { details: { path: this.path } });
    const key = keyOf(signed.voucher);
    if (!isBetterVoucher(signed.voucher, this.vouchersPrivate.get(key)?.voucher)) return false;
    this.vouchersPrivate.set(key, signed);
    await this.scheduleWrite();
    return true;
  }

  async list(): Promise<readonly SignedVoucher[]> {
    return [...this.vouchersPrivate.values()];
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.tail;
  }

  /** Every write starts after the changes it must carry; changes made while a write runs go to the next one. */
  private scheduleWrite(): Promise<void> {
    if (this.queued !== undefined) return this.queued;
    const run = this.tail
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.write();
      });
    this.queued = run;
    this.tail = run;
    return run;
  }

  private async write(): Promise<void> {
    const file: StoreFile = {
      version: 1,
      vouchers: [...this.vouchersPrivate.values()].map(({ voucher, signature }) => ({
        voucher: Object.fromEntries(
          Object.entries(voucher).map(([k, v]) => [k, String(v)]),
        ) as StoredVoucher["voucher"],
        signature,
      })),
    };
    try {
      await writeFileAtomic(this.path, `${JSON.stringify(file)}\n`);
    } catch (error) {
      throw new VoucherStoreError("Cannot write the voucher store", {
        details: { path: this.path },
        hints: ["Check that the directory exists, is writable and the disk is not full"],
        cause: error,
      });
    }
  }
}

/**
 * A `VoucherStore` in memory: for tests, or a payee that accepts losing its vouchers on a crash
 * (it could then claim nothing for what it served).
 */
export class MemoryVoucherStore implements VoucherStore {
  private readonly vouchersPrivate = new Map<string, SignedVoucher>();

  async get(payer: Address, token: Address): Promise<SignedVoucher | undefined> {
    return this.vouchersPrivate.get(`${getAddress(payer)}:${getAddress(token)}`);
  }

  async put(signed: SignedVoucher): Promise<boolean> {
    const key = keyOf(signed.voucher);
    if (!isBetterVoucher(signed.voucher, this.vouchersPrivate.get(key)?.voucher)) return false;
    this.vouchersPrivate.set(key, signed);
    return true;
  }

  async list(): Promise<readonly SignedVoucher[]> {
    return [...this.vouchersPrivate.values()];
  }

  async close(): Promise<void> {}
}

function keyOf(voucher: Voucher): string {
  return `${getAddress(voucher.payer)}:${getAddress(voucher.token)}`;
}

function parseFile(path: string, text: string): SignedVoucher[] {
  try {
    const file = JSON.parse(text) as StoreFile;
    if (file.version !== 1 || !Array.isArray(file.vouchers)) throw new Error("unknown format");
    return file.vouchers.map(({ voucher, signature }) => ({
      voucher: {
        chainId: BigInt(voucher.chainId),
        pool: getAddress(voucher.pool),
        payer: getAddress(voucher.payer),
        payee: getAddress(voucher.payee),
        token: getAddress(voucher.token),
        cumulativeAmount: BigInt(voucher.cumulativeAmount),
        generation: BigInt(voucher.generation),
      },
      signature,
    }));
  } catch (error) {
    throw new VoucherStoreError("The voucher store file is corrupt", {
      details: { path },
      hints: ["Restore it from a backup; never edit it while a node runs"],
      cause: error,
    });
  }
}
