/**
 * Bandwidth payments (DESIGN section 8): pooled deposits in PaymentChannels and cumulative
 * EIP-712 vouchers. Payer side: `depositToPool`/`topUp`, `reserve`, `signVoucher`, `planWithdrawal`,
 * `completeWithdrawal`. Payee side: `createVoucherVerifier` (fast off-chain checks),
 * `getCover` (the credit a payee may extend: only the payer's reservation for it counts, and
 * nothing while a withdrawal is planned), `assertVoucherSolvent` (on-chain, the same rule), a
 * durable `VoucherStore` (`FileVoucherStore`, or `MemoryVoucherStore` for tests),
 * `claimVoucher`/`claimVouchers`, and `claimBeforeWithdrawals` to claim as soon as a payer plans
 * to leave.
 */
export { paymentChannelsAbi } from "./abi.ts";
export type { ReadClient, SigningClient } from "../contract.ts";
export { NATIVE_TOKEN } from "./types.ts";
export type { PoolRef, SignedVoucher, Voucher, VoucherClaim } from "./types.ts";
export { createVoucher, signVoucher, toVoucherClaim, voucherDigest } from "./voucher.ts";
export type { CreateVoucherParameters, VoucherSigner } from "./voucher.ts";
export { createVoucherVerifier, verifyVoucher } from "./verify.ts";
export type { VoucherVerifier, VoucherVerifierOptions } from "./verify.ts";
export { FileVoucherStore, MemoryVoucherStore, isBetterVoucher } from "./store.ts";
export type { VoucherStore } from "./store.ts";
export {
  decodePaymentChannelsError,
  InsolventPayerError,
  InsufficientBalanceError,
  InvalidVoucherError,
  NothingToClaimError,
  NoWithdrawalPlannedError,
  PaymentChannelsError,
  PaymentsError,
  UnsupportedTokenError,
  VoucherSignatureError,
  VoucherStoreError,
  WithdrawalLockedError,
  WrongGenerationError,
} from "./errors.ts";
export type { InvalidVoucherReason } from "./errors.ts";
export * from "./actions/index.ts";
export { paymentsActions } from "./decorators.ts";
