/**
 * Storage deals (DESIGN section 7): client-side preparation (AEAD encryption, Reed-Solomon shards,
 * per-shard commitments, manifest) and restore, and the StorageMarket actions for clients, hosts and
 * relayers (offers, acceptance, renewal, cancellation, seeds, period proofs, reports, claims).
 */
export { storageMarketAbi } from "./abi.ts";
export {
  DecryptionError,
  ErasureCodingError,
  ManifestError,
  NotEnoughShardsError,
  ShardCorruptedError,
  StorageContractError,
  StorageDealError,
} from "./errors.ts";
export { DealStatus, dealStatusNames, proofFailureNames } from "./types.ts";
export type { DealCallParameters, DealState, HostInfo, PeriodProof, ProofFailureName } from "./types.ts";
export {
  BLOCKHASH_WINDOW,
  currentPeriod,
  periodEnd,
  periodSeedStatus,
  periodStart,
  proofWindow,
  seedEpoch,
} from "./periods.ts";
export type { PeriodSeedState, PeriodSeedStatus } from "./periods.ts";
export { ReedSolomon } from "./erasure/reedSolomon.ts";
export { CHUNK_OVERHEAD, DEFAULT_CHUNK_SIZE, generateKey } from "./files/aead.ts";
export { DEFAULT_STRIPE_UNIT } from "./files/layout.ts";
export { storageManifestToJson, parseStorageManifest, readStorageManifest } from "./files/manifest.ts";
export type { StorageManifest, ShardEntry } from "./files/manifest.ts";
export { prepare } from "./files/prepare.ts";
export type { PrepareParameters, PrepareReturnType } from "./files/prepare.ts";
export { restore } from "./files/restore.ts";
export { rebuildShards } from "./files/rebuild.ts";
export type { RebuildShardsParameters, RebuildShardsReturnType } from "./files/rebuild.ts";
export type { RestoreParameters, RestoreReturnType } from "./files/restore.ts";
export { dealIdOf, signDeal } from "./actions/signDeal.ts";
export type { SignDealParameters, SignDealReturnType } from "./actions/signDeal.ts";
export { approveMarket, getMarketToken } from "./actions/approveMarket.ts";
export type { ApproveMarketParameters, ApproveMarketReturnType } from "./actions/approveMarket.ts";
export { acceptDeal } from "./actions/acceptDeal.ts";
export type { AcceptDealParameters, AcceptDealReturnType } from "./actions/acceptDeal.ts";
export { renewDeal } from "./actions/renewDeal.ts";
export type { RenewDealParameters, RenewDealReturnType } from "./actions/renewDeal.ts";
export { cancelDeal } from "./actions/cancelDeal.ts";
export type { CancelDealParameters, CancelDealReturnType } from "./actions/cancelDeal.ts";
export { reportMissed } from "./actions/reportMissed.ts";
export type { ReportMissedParameters, ReportMissedReturnType } from "./actions/reportMissed.ts";
export { claim } from "./actions/claim.ts";
export type { ClaimParameters, ClaimReturnType } from "./actions/claim.ts";
export { pokeSeed } from "./actions/pokeSeed.ts";
export type { PokeSeedParameters, PokeSeedReturnType } from "./actions/pokeSeed.ts";
export { setHost } from "./actions/setHost.ts";
export type { SetHostParameters, SetHostReturnType } from "./actions/setHost.ts";
export { getDeal } from "./actions/getDeal.ts";
export type { GetDealParameters, GetDealReturnType } from "./actions/getDeal.ts";
export { getDealStatus } from "./actions/getDealStatus.ts";
export type { DealStatusReturnType, GetDealStatusParameters } from "./actions/getDealStatus.ts";
export { getHost } from "./actions/getHost.ts";
export type { GetHostParameters, GetHostReturnType } from "./actions/getHost.ts";
export { getCredit } from "./actions/getCredit.ts";
export type { GetCreditParameters, GetCreditReturnType } from "./actions/getCredit.ts";
export { getPeriodSeedStatus } from "./actions/getPeriodSeedStatus.ts";
export type { GetPeriodSeedStatusParameters } from "./actions/getPeriodSeedStatus.ts";
export { buildPeriodProof } from "./actions/buildPeriodProof.ts";
export type { BuildPeriodProofParameters } from "./actions/buildPeriodProof.ts";
export { DEFAULT_PROOFS_PER_BATCH, proofOutcome, submitProofs } from "./actions/submitProofs.ts";
export type { ProofOutcome, SubmitProofsParameters } from "./actions/submitProofs.ts";
export type { ReadClient, SigningClient } from "../contract.ts";
export { storageActions } from "./decorators.ts";
