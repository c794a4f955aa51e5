import { secp256k1 } from "@noble/curves/secp256k1";
import { invert, mod } from "@noble/curves/abstract/modular";
import { bytesToHex, getAddress, keccak256, type Address } from "viem";

import { assertMessage, parseSignature } from "../messages/index.ts";
import { InvalidVoucherError } from "./errors.ts";
import type { PoolRef, SignedVoucher, Voucher } from "./types.ts";
import { voucherDigest } from "./voucher.ts";

type Point = InstanceType<typeof secp256k1.ProjectivePoint>;

const N = secp256k1.CURVE.n;
const G = secp256k1.ProjectivePoint.BASE;
/**
 * wNAF window for cached payer keys: the tables cost ~3 ms once and double the verification
 * rate, so they are built on a payer's second voucher (a one-off payer never pays for them).
 */
const PAYER_KEY_WINDOW = 4;

export interface VoucherVerifierOptions extends PoolRef {
  /** The payee this verifier accepts vouchers for (the local seeder's address). */
  readonly payee: Address;
  /** Tokens accepted; default: any. */
  readonly tokens?: readonly Address[];
  /** How many payers' public keys to keep (least recently used are dropped). Default 10,000. */
  readonly maxCachedPayers?: number;
}

/** Checks vouchers off-chain: fields, chain, pool, payee, token, and the payer's signature. */
export interface VoucherVerifier {
  /** Returns the voucher if it is valid for this pool and payee; throws `InvalidVoucherError`. */
  verify(signed: SignedVoucher): Voucher;
  /** Number of payers whose public key is cached. */
  readonly cachedPayers: number;
}

/**
 * Creates a verifier that caches each payer's public key after the first voucher: later vouchers
 * of that payer are checked with a plain ECDSA verification against the cached, precomputed key
 * (about twice the rate of public-key recovery). Pure JavaScript (noble secp256k1).
 */
export function createVoucherVerifier(options: VoucherVerifierOptions): VoucherVerifier {
  const pool = getAddress(options.pool).toLowerCase();
  const payee = getAddress(options.payee).toLowerCase();
  const tokens = options.tokens?.map((t) => getAddress(t).toLowerCase());
  const maxCached = options.maxCachedPayers ?? 10_000;
  const keys = new Map<string, { key: Point; tabled: boolean }>();

  const verify = (signed: SignedVoucher): Voucher => {
    const voucher = checkFields(signed);
    if (voucher.chainId !== options.chainId) {
      throw fieldError("wrong-chain", "chainId", voucher.chainId, options.chainId);
    }
    if (voucher.pool.toLowerCase() !== pool) throw fieldError("wrong-pool", "pool", voucher.pool, options.pool);
    if (voucher.payee.toLowerCase() !== payee) throw fieldError("wrong-payee", "payee", voucher.payee, options.payee);
    if (tokens !== undefined && !tokens.includes(voucher.token.toLowerCase())) {
      throw fieldError("wrong-token", "token", voucher.token, tokens.join(" or "));
    }
    const { r, s, recovery } = signatureParts(signed);
    const digest = voucherDigest(voucher);
    const payer = voucher.payer.toLowerCase();
    const cached = keys.get(payer);
    if (cached !== undefined) {
      // Refresh the LRU position, then verify against the known key.
      keys.delete(payer);
      keys.set(payer, cached);
      if (!cached.tabled) {
        cached.key._setWindowSize(PAYER_KEY_WINDOW);
        cached.tabled = true;
      }
      if (!verifyWithKey(digest, r, s, cached.key)) throw badSignature(voucher);
      return voucher;
    }
    let key: Point;
    try {
      key = new secp256k1.Signature(r, s).addRecoveryBit(recovery).recoverPublicKey(digest);
    } catch (error) {
      throw badSignature(voucher, error);
    }
    if (addressOf(key) !== payer) throw badSignature(voucher);
    keys.set(payer, { key, tabled: false });
    if (keys.size > maxCached) keys.delete(keys.keys().next().value as string);
    return voucher;
  };

  return {
    verify,
    get cachedPayers() {
      return keys.size;
    },
  };
}

/** One-shot verification (no key cache); prefer `createVoucherVerifier` for a stream of vouchers. */
export function verifyVoucher(signed: SignedVoucher, options: VoucherVerifierOptions): Voucher {
  return createVoucherVerifier({ ...options, maxCachedPayers: 0 }).verify(signed);
}

/** `u1·G + u2·Q` has x ≡ r (mod n), with u1 = z/s and u2 = r/s: standard ECDSA verification. */
function verifyWithKey(digest: Uint8Array, r: bigint, s: bigint, key: Point): boolean {
  const z = mod(BigInt(bytesToHex(digest)), N);
  const sInv = invert(s, N);
  const sum = G.multiply(mod(z * sInv, N)).add(key.multiply(mod(r * sInv, N)));
  if (sum.equals(secp256k1.ProjectivePoint.ZERO)) return false;
  return mod(sum.toAffine().x, N) === r;
}

function addressOf(key: Point): string {
  const uncompressed = key.toRawBytes(false);
  return bytesToHex(keccak256(uncompressed.subarray(1), "bytes").subarray(12));
}

function checkFields(signed: SignedVoucher): Voucher {
  if (typeof signed !== "object" || signed === null || typeof signed.voucher !== "object") {
    throw new InvalidVoucherError("malformed", "Expected { voucher, signature }");
  }
  try {
    assertMessage("Voucher", signed.voucher);
  } catch (error) {
    throw new InvalidVoucherError("malformed", "Voucher fields are out of range", { cause: error });
  }
  return signed.voucher;
}

function signatureParts(signed: SignedVoucher): { r: bigint; s: bigint; recovery: number } {
  try {
    const { r, s, v } = parseSignature(signed.signature);
    return { r: BigInt(r), s: BigInt(s), recovery: v - 27 };
  } catch (error) {
    throw new InvalidVoucherError("bad-signature", "Voucher signature is malformed or malleable", { cause: error });
  }
}

function badSignature(voucher: Voucher, cause?: unknown): InvalidVoucherError {
  return new InvalidVoucherError("bad-signature", "Voucher signature does not recover to its payer", {
    details: { payer: voucher.payer },
    hints: ["The voucher was signed by someone else or for other fields; do not extend credit on it"],
    cause,
  });
}

function fieldError(
  reason: "wrong-chain" | "wrong-pool" | "wrong-payee" | "wrong-token",
  field: string,
  got: unknown,
  expected: unknown,
): InvalidVoucherError {
  return new InvalidVoucherError(reason, `Voucher ${field} is not the one this verifier accepts`, {
    details: { [field]: got, expected },
  });
}
