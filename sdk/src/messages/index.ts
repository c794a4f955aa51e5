export { bttDomain, messageTypes } from "./types.ts";
export type { Checkpoint, MessageByKind, MessageKind, StorageDeal, ValidatorSetRotation, Voucher } from "./types.ts";
export { assertMessage, hashMessage, typedDataOf } from "./hash.ts";
export { isHighS, parseSignature, recoverMessageSigner, signMessage, toHighS } from "./sign.ts";
export type { TypedDataSigner } from "./sign.ts";
export { InvalidMessageError, InvalidSignatureError } from "./errors.ts";
