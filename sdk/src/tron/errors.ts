import { BttError } from "../errors.ts";

/** A string is not a valid EVM or TRON address (hex, 41-prefixed hex, or base58check). */
export class InvalidAddressError extends BttError {
  override name = "InvalidAddressError";
}
