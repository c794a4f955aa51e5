import {
  BttError,
  ContractRevertError,
  revertedCustomError,
  type BttErrorOptions,
  type RevertedCustomError,
} from "../errors.ts";

/**
 * Base of every error of the payments module. `PaymentChannelsError` extends the SDK-wide
 * `ContractRevertError` instead, and still answers `instanceof PaymentsError`.
 */
export class PaymentsError extends BttError {
  override name = "PaymentsError";

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    return this === PaymentsError && value instanceof PaymentChannelsError;
  }
}

/** Why an off-chain voucher check failed. */
export type InvalidVoucherReason =
  | "malformed"
  | "wrong-chain"
  | "wrong-pool"
  | "wrong-payee"
  | "wrong-token"
  | "bad-signature"
  | "not-increasing"
  | "wrong-generation"
  | "insolvent";

/** A voucher failed verification (fields, signature, or on-chain solvency). `reason` says which check. */
export class InvalidVoucherError extends PaymentsError {
  override name = "InvalidVoucherError";
  readonly reason: InvalidVoucherReason;

  constructor(reason: InvalidVoucherReason, shortMessage: string, options: BttErrorOptions = {}) {
    super(shortMessage, options);
    this.reason = reason;
  }
}

/** The voucher store could not read or write its file. */
export class VoucherStoreError extends PaymentsError {
  override name = "VoucherStoreError";
}

/**
 * A PaymentChannels call reverted with one of its custom errors. `errorName` is the Solidity name
 * (e.g. `PaymentChannelsWrongGeneration`) and `args` its decoded arguments; subclasses exist for
 * the errors callers usually handle.
 */
export class PaymentChannelsError extends ContractRevertError {
  override name = "PaymentChannelsError";

  constructor(errorName: string, args: readonly unknown[], shortMessage: string, options: BttErrorOptions = {}) {
    super(shortMessage, { ...options, errorName, args });
  }
}

export class WrongGenerationError extends PaymentChannelsError {
  override name = "WrongGenerationError";
}
export class NothingToClaimError extends PaymentChannelsError {
  override name = "NothingToClaimError";
}
export class VoucherSignatureError extends PaymentChannelsError {
  override name = "VoucherSignatureError";
}
export class InsolventPayerError extends PaymentChannelsError {
  override name = "InsolventPayerError";
}
export class InsufficientBalanceError extends PaymentChannelsError {
  override name = "InsufficientBalanceError";
}
export class WithdrawalLockedError extends PaymentChannelsError {
  override name = "WithdrawalLockedError";
}
export class NoWithdrawalPlannedError extends PaymentChannelsError {
  override name = "NoWithdrawalPlannedError";
}
export class UnsupportedTokenError extends PaymentChannelsError {
  override name = "UnsupportedTokenError";
}

type ErrorClass = new (
  errorName: string,
  args: readonly unknown[],
  shortMessage: string,
  options?: BttErrorOptions,
) => PaymentChannelsError;

/** Contract error name -> SDK class, message and what to do. */
const contractErrors: Readonly<Record<string, { cls: ErrorClass; message: string; hints: readonly string[] }>> = {
  PaymentChannelsWrongGeneration: {
    cls: WrongGenerationError,
    message: "The voucher belongs to another generation of the payer's deposit",
    hints: ["The payer completed a withdrawal since it was signed: vouchers of older generations are void"],
  },
  PaymentChannelsNothingToClaim: {
    cls: NothingToClaimError,
    message: "The voucher does not raise the amount already claimed",
    hints: ["Claim only vouchers whose cumulative amount is above channelOf(...).claimed"],
  },
  PaymentChannelsInvalidSignature: {
    cls: VoucherSignatureError,
    message: "The voucher signature does not recover to its payer on this chain and pool",
    hints: ["Check the chain id, pool address, payee and token the voucher was signed for"],
  },
  PaymentChannelsInsolvent: {
    cls: InsolventPayerError,
    message: "The payer's deposit has nothing left for this payee",
    hints: ["Stop serving this payer; extend credit only up to what is reserved for you (getCover)"],
  },
  PaymentChannelsInsufficientBalance: {
    cls: InsufficientBalanceError,
    message: "The deposit is smaller than the amount asked",
    hints: ["Read accountOf(payer, token) and ask for at most its balance"],
  },
  PaymentChannelsInsufficientFreeBalance: {
    cls: InsufficientBalanceError,
    message: "The unreserved part of the deposit is smaller than the amount asked",
    hints: ["Top up the deposit or reserve less"],
  },
  PaymentChannelsWithdrawalLocked: {
    cls: WithdrawalLockedError,
    message: "The planned withdrawal is still locked",
    hints: ["Wait until its unlock time (withdrawalOf(payer, token).unlockAt)"],
  },
  PaymentChannelsWithdrawalLapsed: {
    cls: WithdrawalLockedError,
    message: "The planned withdrawal lapsed: it was not completed within its window after unlocking",
    hints: ["Plan the withdrawal again and complete it within WITHDRAWAL_WINDOW seconds of its unlock time"],
  },
  PaymentChannelsNoWithdrawalPlanned: {
    cls: NoWithdrawalPlannedError,
    message: "No withdrawal is planned for this token",
    hints: ["Call planWithdrawal first and wait for the delay (a reservation cancels a planned withdrawal)"],
  },
  PaymentChannelsTransferAmountMismatch: {
    cls: UnsupportedTokenError,
    message: "The token delivered a different amount than asked (fee-on-transfer or rebasing token)",
    hints: ["Such tokens are not supported; use native BTT or a plain ERC-20"],
  },
  PaymentChannelsNativeTokenNotAllowed: {
    cls: UnsupportedTokenError,
    message: "Native BTT goes through depositNative",
    hints: ["Omit the token (or pass the zero address) to deposit native BTT"],
  },
};

/**
 * Turns a viem error from a PaymentChannels call into the matching `PaymentChannelsError`
 * subclass (or a generic one for other custom errors); returns `undefined` if it is not a revert
 * with a decodable custom error.
 */
export function decodePaymentChannelsError(error: unknown): PaymentChannelsError | undefined {
  const reverted = revertedCustomError(error);
  return reverted === undefined ? undefined : paymentsRevert(reverted, error);
}

/** The payments class for a decoded custom error (`sendContract`'s decoder for this domain). */
export function paymentsRevert({ errorName, args }: RevertedCustomError, error: unknown): PaymentChannelsError {
  const known = contractErrors[errorName];
  const message = known?.message ?? `PaymentChannels reverted with ${errorName}`;
  const Cls = known?.cls ?? PaymentChannelsError;
  return new Cls(errorName, args, message, {
    hints: known?.hints ?? [],
    cause: error,
  });
}
