/**
 * @btt-network/sdk: the root entry re-exports the foundation (errors, content commitments and
 * signed messages). Each domain also has its own subpath export, e.g. `@btt-network/sdk/commitment`.
 */
export {
  BttError,
  ContractRevertError,
  FileAccessError,
  InsufficientTokenBalanceError,
  InvalidArgumentError,
  NoContractError,
  TabledContractError,
  TransactionRevertedError,
  UnknownRevertError,
  WrongChainError,
} from "./errors.ts";
export { prepareContractWrite } from "./contract.ts";
export { prepareWrite, waitForWrite } from "./write.ts";
export type { DecodedEvent, WaitForWriteParameters, WaitForWriteReturnType, WriteReceipt } from "./write.ts";
export type { PreparedContractWrite, ReadClient, SigningClient } from "./contract.ts";
export type { BttErrorOptions, RevertedCustomError } from "./errors.ts";
export { decryptKeystoreJson, KeystoreError } from "./utils/keystore.ts";
export type { KeystoreErrorReason } from "./utils/keystore.ts";
export * from "./commitment/index.ts";
export * from "./messages/index.ts";
