import { BttError } from "../errors.ts";

/** A peer broke the wire protocol (bad frame, bad handshake, unsolicited data). Closes only that connection. */
export class ProtocolError extends BttError {
  override name = "ProtocolError";
}

/** A transfer could not complete (no usable peers, bad piece layer everywhere, local I/O failure). */
export class TransferError extends BttError {
  override name = "TransferError";
}

/** A voucher or payment message was invalid (wrong signer, wrong fields, not increasing). */
export class PaymentError extends BttError {
  override name = "PaymentError";
}

/**
 * No connected peer can make progress: every one has failed, rejects everything, lacks the
 * missing pieces, or nothing verified for `stallTimeoutMs`. The download stops instead of
 * waiting for ever; what was verified stays in `<out>.part` for a later run.
 */
export class NoProgressError extends TransferError {
  override name = "NoProgressError";
}
