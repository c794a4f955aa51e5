import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

import { getAddress, isAddressEqual, keccak256, stringToBytes, type Address, type Hex } from "viem";

import { recoverMessageSigner, signMessage, type TypedDataSigner, type Voucher } from "../messages/index.ts";
import { writeFileAtomic } from "./atomic.ts";
import { PaymentError } from "./errors.ts";
import type { SignedVoucher } from "./messages.ts";

/**
 * The payment layer of the transfer core, kept behind three small interfaces so that it depends
 * only on the signed-message module (DESIGN section 3), not on a chain client. An on-chain
 * implementation (solvency checks, claims) plugs in behind the same interfaces.
 */

/** Signs vouchers for a payer (the downloader side). */
export interface VoucherSigner {
  readonly payer: Address;
  sign(voucher: Voucher): Promise<Hex>;
}

/** Recovers the payer of a voucher (the seeder side). Throws on malformed or high-s signatures. */
export interface VoucherVerifier {
  recover(voucher: SignedVoucher): Promise<Address>;
}

/** The fields that identify one cumulative voucher stream. */
export type VoucherKey = Omit<Voucher, "cumulativeAmount">;

/** Durable best-voucher store (the seeder side): `save` resolves only once the voucher is on disk. */
export interface VoucherStore {
  best(key: VoucherKey): Promise<SignedVoucher | undefined>;
  /** Keeps `voucher` if its cumulative amount is higher than the stored one. */
  save(voucher: SignedVoucher): Promise<void>;
}

/**
 * The seeder's view of the payer's deposit (e.g. PaymentChannels' `claimable`): whether a claim
 * of `cumulativeAmount` on the stream `key` would be paid in full right now.
 */
export interface SolvencyCheck {
  covers(key: VoucherKey, cumulativeAmount: bigint): Promise<boolean>;
}

/** A viem local account (or any EIP-712 signer) signing with `signMessage(account, "Voucher", ...)`. */
export function accountVoucherSigner(account: TypedDataSigner & { address: Address }): VoucherSigner {
  return {
    payer: account.address,
    sign: (voucher) => signMessage(account, "Voucher", voucher),
  };
}

/** Verifier over `recoverMessageSigner` (rejects high-s and malformed signatures). */
export const messagesVoucherVerifier: VoucherVerifier = {
  recover(v) {
    const { signature, ...voucher } = v;
    return recoverMessageSigner("Voucher", voucher, signature);
  },
};

/** Checks that a signed voucher belongs to `key`'s stream and is signed by its payer. */
export async function checkVoucher(verifier: VoucherVerifier, key: VoucherKey, v: SignedVoucher): Promise<void> {
  const same =
    v.chainId === key.chainId &&
    isAddressEqual(v.pool, key.pool) &&
    isAddressEqual(v.payer, key.payer) &&
    isAddressEqual(v.payee, key.payee) &&
    isAddressEqual(v.token, key.token) &&
    v.generation === key.generation;
  if (!same) {
    throw new PaymentError("Voucher is for another pool, token, payer, payee or generation", {
      details: { chainId: v.chainId, pool: v.pool, payer: v.payer, payee: v.payee, token: v.token, generation: v.generation },
    });
  }
  let signer: Address;
  try {
    signer = await verifier.recover(v);
  } catch (error) {
    throw new PaymentError("Voucher signature is malformed", { cause: error });
  }
  if (!isAddressEqual(signer, key.payer)) {
    throw new PaymentError("Voucher is not signed by the payer", { details: { payer: key.payer, signer } });
  }
}

function keyId(key: VoucherKey): string {
  const text = [key.chainId, getAddress(key.pool), getAddress(key.payer), getAddress(key.payee), getAddress(key.token), key.generation].join(":");
  return keccak256(stringToBytes(text)).slice(2, 34);
}

/** In-memory store (tests, or a seeder that accepts losing vouchers on a crash). */
export class MemoryVoucherStore implements VoucherStore {
  private readonly vouchers = new Map<string, SignedVoucher>();

  async best(key: VoucherKey): Promise<SignedVoucher | undefined> {
    return this.vouchers.get(keyId(key));
  }

  async save(voucher: SignedVoucher): Promise<void> {
    const id = keyId(voucher);
    const old = this.vouchers.get(id);
    if (old === undefined || voucher.cumulativeAmount > old.cumulativeAmount) this.vouchers.set(id, voucher);
  }
}

/** One JSON file per voucher stream in `dir`, replaced atomically and fsynced before `save` resolves. */
export class FileVoucherStore implements VoucherStore {
  readonly dir: string;
  private readonly cache = new Map<string, SignedVoucher>();
  private chain: Promise<void> = Promise.resolve();

  constructor(dir: string) {
    this.dir = dir;
  }

  async best(key: VoucherKey): Promise<SignedVoucher | undefined> {
    const id = keyId(key);
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    try {
      const raw = JSON.parse(await readFile(join(this.dir, `${id}.json`), "utf8")) as Record<string, string>;
      const v: SignedVoucher = {
        chainId: BigInt(raw.chainId as string),
        pool: getAddress(raw.pool as string),
        payer: getAddress(raw.payer as string),
        payee: getAddress(raw.payee as string),
        token: getAddress(raw.token as string),
        cumulativeAmount: BigInt(raw.cumulativeAmount as string),
        generation: BigInt(raw.generation as string),
        signature: raw.signature as Hex,
      };
      this.cache.set(id, v);
      return v;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  save(voucher: SignedVoucher): Promise<void> {
    // Serialised so that a slower write of a lower voucher can never land after a higher one.
    const run = this.chain.then(async () => {
      const old = await this.best(voucher);
      if (old !== undefined && old.cumulativeAmount >= voucher.cumulativeAmount) return;
      await mkdir(this.dir, { recursive: true });
      const json = JSON.stringify(voucher, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
      await writeFileAtomic(join(this.dir, `${keyId(voucher)}.json`), json);
      this.cache.set(keyId(voucher), voucher);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Every stored voucher (for claiming). */
  async all(): Promise<SignedVoucher[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => /^[0-9a-f]{32}\.json$/.test(n));
    } catch {
      return [];
    }
    const out: SignedVoucher[] = [];
    for (const name of names) {
      const raw = JSON.parse(await readFile(join(this.dir, name), "utf8")) as Record<string, string>;
      const v = await this.best({
        chainId: BigInt(raw.chainId as string),
        pool: raw.pool as Address,
        payer: raw.payer as Address,
        payee: raw.payee as Address,
        token: raw.token as Address,
        generation: BigInt(raw.generation as string),
      });
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}
