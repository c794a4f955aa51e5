import { BttError } from "../errors.ts";

/** Input that cannot be committed to or proven (empty data, bad index, bad piece size, bad proof shape). */
export class CommitmentError extends BttError {
  override name = "CommitmentError";
}
