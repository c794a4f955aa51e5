import { concatBytes, getAddress, hexToBytes, isAddress, keccak256, stringToBytes, type Address, type Hex } from "viem";

import { assertMessage, parseSignature, signMessage, type TypedDataSigner } from "../messages/index.ts";
import { InvalidVoucherError } from "./errors.ts";
import { NATIVE_TOKEN, type SignedVoucher, type Voucher, type VoucherClaim } from "./types.ts";

export interface CreateVoucherParameters {
  readonly chainId: bigint;
  readonly pool: Address;
  readonly payer: Address;
  readonly payee: Address;
  /** Defaults to native BTT. */
  readonly token?: Address;
  /** Everything owed to the payee in this generation so far (never an increment). */
  readonly cumulativeAmount: bigint;
  /** The payer's current generation for this token (`getAccount(...).generation`). */
  readonly generation: bigint;
}

/** Builds a voucher with checksummed addresses; throws `InvalidVoucherError("malformed")`. */
export function createVoucher(parameters: CreateVoucherParameters): Voucher {
  const voucher: Voucher = {
    chainId: parameters.chainId,
    pool: checksum("pool", parameters.pool),
    payer: checksum("payer", parameters.payer),
    payee: checksum("payee", parameters.payee),
    token: checksum("token", parameters.token ?? NATIVE_TOKEN),
    cumulativeAmount: parameters.cumulativeAmount,
    generation: parameters.generation,
  };
  try {
    assertMessage("Voucher", voucher);
  } catch (error) {
    throw new InvalidVoucherError("malformed", "Voucher fields are out of range", { cause: error });
  }
  if (voucher.payee === voucher.payer) {
    throw new InvalidVoucherError("malformed", "A voucher cannot pay its own payer", {
      details: { payer: voucher.payer },
    });
  }
  return voucher;
}

/** A signer that also names its address (a viem `LocalAccount` or a wallet client's account). */
export interface VoucherSigner extends TypedDataSigner {
  readonly address: Address;
}

/**
 * Signs a voucher for `payee` worth `cumulativeAmount` in total. The signer must be the payer.
 * @example const signed = await signVoucher(account, { chainId: 199n, pool, payer: account.address, payee, cumulativeAmount: 10n ** 18n, generation: 0n });
 */
export async function signVoucher(signer: VoucherSigner, parameters: CreateVoucherParameters): Promise<SignedVoucher> {
  const voucher = createVoucher(parameters);
  if (getAddress(signer.address) !== voucher.payer) {
    throw new InvalidVoucherError("malformed", "Only the payer can sign its vouchers", {
      details: { signer: signer.address, payer: voucher.payer },
      hints: ["Pass the payer's account as signer, or set payer to the signer's address"],
    });
  }
  return { voucher, signature: await signMessage(signer, "Voucher", voucher) };
}

/** The claim argument for a signed voucher: its payer, amount, generation and compact signature. */
export function toVoucherClaim(signed: SignedVoucher): VoucherClaim {
  const { r, s, v } = parseSignature(signed.signature);
  const sBig = BigInt(s);
  const vs = v === 28 ? sBig | (1n << 255n) : sBig;
  return {
    payer: signed.voucher.payer,
    cumulativeAmount: signed.voucher.cumulativeAmount,
    generation: signed.voucher.generation,
    r,
    vs: `0x${vs.toString(16).padStart(64, "0")}`,
  };
}

// ---------------------------------------------------------------- fast digest

const DOMAIN_SEPARATOR = keccak256(
  concatBytes([
    keccak256(stringToBytes("EIP712Domain(string name,string version)"), "bytes"),
    keccak256(stringToBytes("BTT Network"), "bytes"),
    keccak256(stringToBytes("1"), "bytes"),
  ]),
  "bytes",
);
const VOUCHER_TYPEHASH = keccak256(
  stringToBytes(
    "Voucher(uint256 chainId,address pool,address payer,address payee,address token,uint256 cumulativeAmount,uint256 generation)",
  ),
  "bytes",
);

/**
 * The EIP-712 digest of a voucher, equal to `hashMessage("Voucher", voucher)` but about ten times
 * faster (the domain separator and type hash are computed once; fields are encoded by hand).
 */
export function voucherDigest(voucher: Voucher): Uint8Array {
  const struct = new Uint8Array(8 * 32);
  struct.set(VOUCHER_TYPEHASH, 0);
  writeUint(struct, 32, voucher.chainId);
  writeAddress(struct, 64, voucher.pool);
  writeAddress(struct, 96, voucher.payer);
  writeAddress(struct, 128, voucher.payee);
  writeAddress(struct, 160, voucher.token);
  writeUint(struct, 192, voucher.cumulativeAmount);
  writeUint(struct, 224, voucher.generation);
  const typed = new Uint8Array(66);
  typed[0] = 0x19;
  typed[1] = 0x01;
  typed.set(DOMAIN_SEPARATOR, 2);
  typed.set(keccak256(struct, "bytes"), 34);
  return keccak256(typed, "bytes");
}

function writeUint(target: Uint8Array, offset: number, value: bigint): void {
  let rest = value;
  for (let i = offset + 31; i >= offset && rest > 0n; i--) {
    target[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function writeAddress(target: Uint8Array, offset: number, address: Hex): void {
  target.set(hexToBytes(address), offset + 12);
}

function checksum(field: string, value: unknown): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) {
    throw new InvalidVoucherError("malformed", `Voucher ${field} must be a 20-byte hex address`, {
      details: { [field]: String(value) },
    });
  }
  return getAddress(value);
}
