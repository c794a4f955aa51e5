import { parseEventLogs, type Address, type Hash, type Hex, type TransactionReceipt } from "viem";

import { storageMarketAbi } from "../abi.ts";
import { StorageDealError } from "../errors.ts";
import { proofFailureNames, type PeriodProof, type ProofFailureName } from "../types.ts";
import type { SigningClient } from "../../contract.ts";
import { sendMarket } from "./contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

/** Default proofs per transaction (about 1.4M gas at 1 GiB shards with 3 challenges each, hosts holding several deals). */
export const DEFAULT_PROOFS_PER_BATCH = 16;

export interface SubmitProofsParameters {
  readonly market: AnyAddress;
  readonly proofs: readonly PeriodProof[];
  /** Proofs per transaction (default 16). */
  readonly batchSize?: number;
}

/**
 * Submits period proofs in batches (anyone may submit; payouts always go to the hosts). Order is
 * kept: put a host's proofs next to each other so the market writes each host's credit once per
 * batch. A bad proof is skipped on chain (see `proofOutcome`). Returns one hash per batch.
 */
export async function submitProofs(client: SigningClient, parameters: SubmitProofsParameters): Promise<Hash[]> {
  const size = parameters.batchSize ?? DEFAULT_PROOFS_PER_BATCH;
  if (!Number.isSafeInteger(size) || size < 1) {
    throw new StorageDealError("batchSize must be a positive integer", { details: { batchSize: size } });
  }
  const hashes: Hash[] = [];
  for (let i = 0; i < parameters.proofs.length; i += size) {
    const batch = parameters.proofs.slice(i, i + size).map((p) => ({ id: p.id, period: p.period, data: [...p.data] }));
    hashes.push(await sendMarket(client, toEvmAddress(parameters.market), "submitProofs", [batch]));
  }
  return hashes;
}

export interface ProofOutcome {
  readonly proven: readonly { readonly id: Hex; readonly period: bigint }[];
  readonly rejected: readonly {
    readonly id: Hex;
    readonly period: bigint;
    readonly reason: ProofFailureName;
    readonly challenge: bigint;
  }[];
}

/**
 * What a `submitProofs` transaction did, from its receipt's events: the market emits one
 * `ProofsSubmitted` per batch with a bitmap of the proven entries (not one event per proven period),
 * and a `ProofRejected` per skipped entry, in entry order. `proofs` are the entries of that one
 * transaction (the slice of the `submitProofs` input it carried), in order.
 */
export function proofOutcome(receipt: Pick<TransactionReceipt, "logs">, proofs: readonly PeriodProof[]): ProofOutcome {
  const logs = parseEventLogs({
    abi: storageMarketAbi,
    logs: receipt.logs,
    eventName: ["ProofsSubmitted", "ProofRejected"],
  });
  const batch = logs.find((log) => log.eventName === "ProofsSubmitted");
  if (batch === undefined || batch.eventName !== "ProofsSubmitted" || batch.args.entries !== BigInt(proofs.length)) {
    throw new StorageDealError("The receipt is not the submitProofs transaction of these proofs", {
      details: {
        proofs: proofs.length,
        entries: batch?.eventName === "ProofsSubmitted" ? batch.args.entries : undefined,
      },
      hints: ["Pass the receipt of one submitProofs transaction and exactly the proofs it carried, in order"],
    });
  }
  const rejections = logs.filter((log) => log.eventName === "ProofRejected");
  const proven: { id: Hex; period: bigint }[] = [];
  const rejected: { id: Hex; period: bigint; reason: ProofFailureName; challenge: bigint }[] = [];
  for (const [i, proof] of proofs.entries()) {
    const word = batch.args.proven[i >> 8] ?? 0n;
    if ((word >> BigInt(i & 0xff)) & 1n) {
      proven.push({ id: proof.id, period: proof.period });
      continue;
    }
    const log = rejections[rejected.length];
    if (log?.eventName !== "ProofRejected" || log.args.id !== proof.id || log.args.period !== proof.period) {
      throw new StorageDealError("The receipt's rejections do not match these proofs", {
        details: { entry: i, id: proof.id, period: proof.period },
        hints: ["Pass exactly the proofs of this transaction, in order"],
      });
    }
    rejected.push({
      id: log.args.id,
      period: log.args.period,
      reason: proofFailureNames[log.args.reason] ?? "None",
      challenge: log.args.challenge,
    });
  }
  return { proven, rejected };
}
