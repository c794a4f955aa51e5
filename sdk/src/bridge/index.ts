/**
 * Bridge and cross-chain messaging (DESIGN sections 5 and 6): deposits from TRON, Ethereum and BNB
 * Chain to BTTC, withdrawals back with proofs rebuilt from Outbox logs, message status and waits.
 * Every address parameter also takes TRON base58 (`T...`).
 */
export { childBridgeAbi, childTokenAbi, inboxAbi, outboxAbi, rootBridgeAbi, validatorSetViewsAbi } from "./abi.ts";
export { toEvmAddress, toTronAddress } from "../tron/index.ts";
export { NoContractError, WrongChainError } from "../errors.ts";
export {
  AlreadyExecutedError,
  AlreadyFilledError,
  BridgeContractError,
  ExecutionFailedError,
  InvalidAddressError,
  MessageNotFoundError,
  NotCheckpointedError,
  ProofBuildError,
  WaitTimeoutError,
} from "./errors.ts";
export { DEFAULT_LOG_BLOCK_RANGE, getOutboxMessages, messagesFromLogs } from "./logs.ts";
export type { GetOutboxMessagesParameters } from "./logs.ts";
export { MAX_CHECKPOINT_BLOCKS, blockRangeRoot, getBlockRangeRoot } from "./blockRoot.ts";
export type { GetBlockRangeRootParameters } from "./blockRoot.ts";
export { MESSAGE_TREE_DEPTH, MessageTree, computeMessageRoot, messageLeaf, treeHeight } from "./merkle.ts";
export { assembleQuorumProof, signCheckpointQuorum } from "./quorum.ts";
export type {
  AnyAddress,
  CrossChainMessage,
  MessageProof,
  MessageStatus,
  OutboxMessage,
  QuorumProof,
  ValidatorSetMembers,
} from "./types.ts";
export { deposit } from "./actions/deposit.ts";
export type { DepositParameters, DepositProgress, DepositReturnType } from "./actions/deposit.ts";
export { withdraw } from "./actions/withdraw.ts";
export type { WithdrawParameters, WithdrawProgress, WithdrawReturnType } from "./actions/withdraw.ts";
export { getDepositStatus, getMessageStatus, getWithdrawalStatus } from "./actions/getMessageStatus.ts";
export type {
  GetMessageStatusErrorType,
  GetMessageStatusParameters,
  GetMessageStatusReturnType,
  MessageRef,
  MessageSource,
} from "./actions/getMessageStatus.ts";
export { DEPOSIT_KIND, WITHDRAW_KIND, decodeTransferPayload } from "./payload.ts";
export type { TransferPayload } from "./payload.ts";
export { fillWithdrawal } from "./actions/fillWithdrawal.ts";
export type {
  FillWithdrawalParameters,
  FillWithdrawalProgress,
  FillWithdrawalReturnType,
} from "./actions/fillWithdrawal.ts";
export { suggestFastFee } from "./actions/suggestFastFee.ts";
export type { FastFeeSuggestion, SuggestFastFeeParameters } from "./actions/suggestFastFee.ts";
export { getWithdrawalProgress } from "./actions/getWithdrawalProgress.ts";
export type {
  GetWithdrawalProgressParameters,
  StageTime,
  WithdrawalProgress,
  WithdrawalStage,
} from "./actions/getWithdrawalProgress.ts";
export { getBridgeCadence } from "./actions/getBridgeCadence.ts";
export type { BridgeCadence, GetBridgeCadenceParameters, ObservedCheckpoint } from "./actions/getBridgeCadence.ts";
export { waitForDeposit, waitForMessageStatus, waitForWithdrawalCheckpoint } from "./actions/waitForMessageStatus.ts";
export type {
  WaitForMessageStatusParameters,
  WaitForMessageStatusReturnType,
  WaitForStageParameters,
} from "./actions/waitForMessageStatus.ts";
export { getMessageFromTransaction } from "./actions/getMessageFromTransaction.ts";
export type {
  GetMessageFromTransactionErrorType,
  GetMessageFromTransactionParameters,
  GetMessageFromTransactionReturnType,
} from "./actions/getMessageFromTransaction.ts";
export { buildMessageProof } from "./actions/buildMessageProof.ts";
export type { BuildMessageProofParameters, BuildMessageProofReturnType } from "./actions/buildMessageProof.ts";
export { executeMessage } from "./actions/executeMessage.ts";
export type { ExecuteMessageParameters, ExecuteMessageReturnType } from "./actions/executeMessage.ts";
export { exit } from "./actions/exit.ts";
export type { ExitParameters, ExitProgress, ExitReturnType } from "./actions/exit.ts";
export { buildCheckpoint } from "./actions/buildCheckpoint.ts";
export type { BuildCheckpointParameters, BuildCheckpointReturnType } from "./actions/buildCheckpoint.ts";
export { submitCheckpoint } from "./actions/submitCheckpoint.ts";
export type { SubmitCheckpointParameters, SubmitCheckpointReturnType } from "./actions/submitCheckpoint.ts";
export type { ReadClient, SigningClient } from "../contract.ts";
export { bridgeActions } from "./decorators.ts";
