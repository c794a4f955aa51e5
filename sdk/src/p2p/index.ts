export {
  BLOCK_SIZE,
  FEATURE_BIDS,
  FEATURE_PAID,
  FEATURE_PIECE_LAYER,
  LAYER_CHUNK,
  MAX_FRAME_LENGTH,
  MAX_QUEUED_REQUESTS,
  MSG,
  PROTOCOL_ID,
  REJECT,
} from "./constants.ts";
export type { RejectReason } from "./constants.ts";
export { NoProgressError, PaymentError, ProtocolError, TransferError } from "./errors.ts";
export { FrameParser, KEEP_ALIVE, KEEP_ALIVE_FRAME } from "./frames.ts";
export type { FrameHandler } from "./frames.ts";
export * from "./messages.ts";
export { authDigest } from "./auth.ts";
export { Connection } from "./connection.ts";
export type { ConnectionHandlers, ConnectionOptions, LocalContent } from "./connection.ts";
export { Bitfield } from "./bitfield.ts";
export { PiecePicker } from "./picker.ts";
export { PieceHasher, defaultWorkers } from "./hasher.ts";
export type { HashedPiece } from "./hasher.ts";
export { TokenBucket } from "./tokenBucket.ts";
export { FileSource, DirectoryStore, contentKey } from "./source.ts";
export type { ContentSource } from "./source.ts";
export { PartFile } from "./partfile.ts";
export type { PayeeState, Sidecar } from "./partfile.ts";
export { Seeder } from "./seeder.ts";
export type {
  PeerSlot,
  SeederOptions,
  SeederPaymentOptions,
  SeederStats,
  SolvencyCheck,
  VoucherKey,
} from "./seeder.ts";
export { onChainSolvency } from "./solvency.ts";
export type { AdmissionOptions } from "./admission.ts";
export { UnpaidBudget } from "./unpaidBudget.ts";
export { Downloader, download } from "./downloader.ts";
export type { DownloadOptions, DownloadProgress, DownloadResult, PeerAddress, PeerReport } from "./downloader.ts";
export { PeerPayer } from "./payer.ts";
export { formatLink, parseLink } from "./link.ts";
export type { ContentLink } from "./link.ts";
export type { DownloaderPaymentOptions, PayerHooks } from "./payer.ts";
