import { BttError, ContractRevertError, type RevertedCustomError } from "../errors.ts";

/** The transaction did not emit the expected Outbox message (wrong transaction or contract). */
export class MessageNotFoundError extends BttError {
  override name = "MessageNotFoundError";
}

/** The message is not covered by any checkpoint accepted on the destination chain yet. */
export class NotCheckpointedError extends BttError {
  override name = "NotCheckpointedError";
}

/** The Outbox logs do not reproduce the checkpointed root (missing logs, wrong Outbox, reorg). */
export class ProofBuildError extends BttError {
  override name = "ProofBuildError";
}

/** The message was executed already (an exit happens once). */
export class AlreadyExecutedError extends BttError {
  override name = "AlreadyExecutedError";
}

/** Another relayer fronted this withdrawal already (one fill per message). */
export class AlreadyFilledError extends BttError {
  override name = "AlreadyFilledError";
}

/** The receiver refused the message; it stays retryable. */
export class ExecutionFailedError extends BttError {
  override name = "ExecutionFailedError";
}

/** A wait did not reach its status in time. */
export class WaitTimeoutError extends BttError {
  override name = "WaitTimeoutError";
}

/** A bridge, Inbox or Outbox call reverted; `errorName` and `args` are the contract's custom error. */
export class BridgeContractError extends ContractRevertError {
  override name = "BridgeContractError";
}

/** The bridge class for a decoded custom error of `<contract>.<functionName>` (the write path's decoder). */
export function bridgeRevert(call: string) {
  return ({ errorName, args }: RevertedCustomError, cause: unknown): BridgeContractError =>
    new BridgeContractError(`${call} reverted with ${errorName}`, { errorName, args, cause });
}

export { InvalidAddressError } from "../tron/errors.ts";
