import type { Address, Hex } from "viem";

import type { Voucher } from "../messages/index.ts";

export type { Voucher };

/** Native BTT (the chain's gas token) is the zero address everywhere in this module. */
export const NATIVE_TOKEN: Address = "0x0000000000000000000000000000000000000000";

/** A voucher with its payer's 65-byte EIP-712 signature (`r || s || v`, low s). */
export interface SignedVoucher {
  readonly voucher: Voucher;
  readonly signature: Hex;
}

/** The argument `PaymentChannels.claim` takes for one voucher (EIP-2098 compact signature). */
export interface VoucherClaim {
  readonly payer: Address;
  readonly cumulativeAmount: bigint;
  readonly generation: bigint;
  readonly r: Hex;
  readonly vs: Hex;
}

/** Where a payer's vouchers are valid: one PaymentChannels contract on one chain. */
export interface PoolRef {
  readonly chainId: bigint;
  readonly pool: Address;
}
