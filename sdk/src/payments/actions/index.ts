export { cancelWithdrawal } from "./cancelWithdrawal.ts";
export type { CancelWithdrawalParameters, CancelWithdrawalReturnType } from "./cancelWithdrawal.ts";
export { claimStoredVouchers } from "./claimStoredVouchers.ts";
export type { ClaimStoredVouchersParameters, ClaimStoredVouchersReturnType } from "./claimStoredVouchers.ts";
export { claimVoucher } from "./claimVoucher.ts";
export type { ClaimVoucherParameters, ClaimVoucherReturnType } from "./claimVoucher.ts";
export { claimVouchers } from "./claimVouchers.ts";
export type { ClaimVouchersParameters, ClaimVouchersReturnType } from "./claimVouchers.ts";
export { completeWithdrawal } from "./completeWithdrawal.ts";
export type { CompleteWithdrawalParameters, CompleteWithdrawalReturnType } from "./completeWithdrawal.ts";
export { depositToPool, topUp } from "./depositToPool.ts";
export type {
  DepositToPoolParameters,
  DepositToPoolProgress,
  DepositToPoolReturnType,
  TopUpParameters,
  TopUpReturnType,
} from "./depositToPool.ts";
export { getAccount } from "./getAccount.ts";
export type { GetAccountParameters, GetAccountReturnType } from "./getAccount.ts";
export { getChannel } from "./getChannel.ts";
export type { GetChannelParameters, GetChannelReturnType } from "./getChannel.ts";
export { assertVoucherSolvent } from "./assertVoucherSolvent.ts";
export type { AssertVoucherSolventParameters, AssertVoucherSolventReturnType } from "./assertVoucherSolvent.ts";
export { getClaimable } from "./getClaimable.ts";
export type { GetClaimableParameters, GetClaimableReturnType } from "./getClaimable.ts";
export { getCover } from "./getCover.ts";
export type { GetCoverParameters, GetCoverReturnType } from "./getCover.ts";
export { getWithdrawal } from "./getWithdrawal.ts";
export type { GetWithdrawalParameters, GetWithdrawalReturnType } from "./getWithdrawal.ts";
export { parseClaimReceipt } from "./parseClaimReceipt.ts";
export type { ParseClaimReceiptReturnType, ParsedBatch, ParsedClaim, SkippedClaim } from "./parseClaimReceipt.ts";
export { planWithdrawal } from "./planWithdrawal.ts";
export type { PlanWithdrawalParameters, PlanWithdrawalReturnType } from "./planWithdrawal.ts";
export { reserve } from "./reserve.ts";
export type { ReserveParameters, ReserveReturnType } from "./reserve.ts";
export { waitForSuccess } from "./wait.ts";
export { claimBeforeWithdrawals, watchWithdrawals } from "./watchWithdrawals.ts";
export type {
  ClaimBeforeWithdrawalsParameters,
  PlannedWithdrawal,
  WatchWithdrawalsParameters,
  WatchWithdrawalsReturnType,
} from "./watchWithdrawals.ts";
