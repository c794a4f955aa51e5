import { BttError } from "../errors.ts";

/** A message field is missing or out of its EIP-712 type's range. */
export class InvalidMessageError extends BttError {
  override name = "InvalidMessageError";
}

/** A signature is malformed, malleable (high s) or does not recover. */
export class InvalidSignatureError extends BttError {
  override name = "InvalidSignatureError";
}
