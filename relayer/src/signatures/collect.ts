/**
 * Collects signatures over one message from every source at once and keeps only good ones: a
 * 65-byte low-s signature, recovering (over this relayer's own digest) to the signer it claims,
 * a member of the verifying chain's current set, first of its signer. A source that serves
 * anything else is logged and counted; its bad entries never reach a proof.
 */
import { getAddress, recoverAddress, type Address, type Hex } from "viem";

import { parseSignature } from "@btt-network/sdk/messages";
import { buildQuorumProof, hasQuorum, type QuorumProof } from "@btt-network/sdk/staking";
import type { Logger } from "../observability/log.ts";
import type { SetView } from "../consensus/reads.ts";
import type { CollectMetrics } from "./metrics.ts";
import { PeerError, type RawSignature, type SignatureSource } from "./sources.ts";

export interface Collected {
  readonly signatures: ReadonlyMap<Address, Hex>;
  readonly signedPower: bigint;
  readonly totalPower: bigint;
  /** The proof when the signers hold more than 2/3 of the power. */
  readonly proof: QuorumProof | undefined;
  readonly refusals: readonly string[];
}

export async function collectSignatures(options: {
  readonly kind: "checkpoint" | "rotation";
  readonly digest: Hex;
  readonly set: SetView;
  readonly sources: readonly SignatureSource[];
  readonly ask: (source: SignatureSource) => Promise<readonly RawSignature[]>;
  readonly log: Logger;
  readonly metrics: CollectMetrics;
}): Promise<Collected> {
  const { kind, digest, set, log, metrics } = options;
  const powers = new Map(set.members.map((m) => [getAddress(m.signer), m.power]));
  const answers = await Promise.allSettled(options.sources.map((source) => options.ask(source)));
  const signatures = new Map<Address, Hex>();
  const refusals: string[] = [];
  for (const [i, answer] of answers.entries()) {
    const source = options.sources[i]!;
    if (answer.status === "rejected") {
      const error = answer.reason as unknown;
      const reason =
        error instanceof PeerError
          ? (error.reason ?? (error.status === 0 ? "unreachable" : `http ${error.status}`))
          : ((error as { code?: string }).code ?? "error");
      metrics.peerFailures.inc({ peer: source.name, kind, reason });
      refusals.push(`${source.name}: ${error instanceof Error ? error.message : String(error)}`);
      log.debug(
        { peer: source.name, kind, err: error instanceof Error ? error.message : String(error) },
        "no signatures from source",
      );
      continue;
    }
    for (const entry of answer.value) {
      const checked = await check(entry, digest, powers);
      if (typeof checked === "string") {
        metrics.badSignatures.inc({ peer: source.name, kind });
        log.warn({ peer: source.name, kind, digest, problem: checked }, "bad signature from peer ignored");
        continue;
      }
      if (signatures.has(checked.signer)) continue; // the same validator through two relayers: keep one
      signatures.set(checked.signer, checked.signature);
    }
  }
  let signedPower = 0n;
  for (const signer of signatures.keys()) signedPower += powers.get(signer) ?? 0n;
  const quorum = hasQuorum(signedPower, set.totalPower);
  const proof = quorum ? buildQuorumProof({ members: set.members, signatures }) : undefined;
  metrics.goodSignatures.inc({ kind }, signatures.size);
  return { signatures, signedPower, totalPower: set.totalPower, proof, refusals };
}

async function check(
  entry: RawSignature,
  digest: Hex,
  powers: ReadonlyMap<Address, bigint>,
): Promise<{ signer: Address; signature: Hex } | string> {
  if (
    typeof entry !== "object" ||
    entry === null ||
    typeof entry.signer !== "string" ||
    typeof entry.signature !== "string"
  )
    return "malformed entry";
  if (!/^0x[0-9a-fA-F]{40}$/.test(entry.signer)) return "malformed signer";
  const claimed = getAddress(entry.signer);
  const signature = entry.signature as Hex;
  try {
    parseSignature(signature);
  } catch {
    return "malformed or high-s signature";
  }
  let recovered: Address;
  try {
    recovered = await recoverAddress({ hash: digest, signature });
  } catch {
    return "unrecoverable signature";
  }
  if (recovered !== claimed)
    return `signature recovers to ${recovered}, not the claimed ${claimed} (wrong key or wrong digest)`;
  if (!powers.has(claimed)) return `${claimed} is not in the current set`;
  return { signer: claimed, signature };
}
