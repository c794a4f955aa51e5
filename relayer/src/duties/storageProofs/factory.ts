/** Builds the storage-proof submitter from the root config (registry entry `storageProofs`). */
import { resolve } from "node:path";

import { createChainClient } from "../../chain/client.ts";
import type { RelayerConfig } from "../../config/schema.ts";
import { ConfigError } from "../../errors.ts";
import type { DutyFactoryContext } from "../registry.ts";
import type { Duty } from "../types.ts";
import { StorageProofMetrics } from "./metrics.ts";
import { ProofSources } from "./sources.ts";
import { StorageProofDuty } from "./StorageProofDuty.ts";

export function createStorageProofDuty({ config, baseDir, store, services }: DutyFactoryContext): Duty<string, unknown> | undefined {
  const duty = config.duties.storageProofs;
  if (duty === undefined || !duty.enabled) return undefined;
  const chain = config.chains[duty.chain];
  if (chain === undefined)
    throw new ConfigError(`duties.storageProofs.chain: chain '${duty.chain}' is not configured under 'chains'`, {
      hints: ["Add the chain under 'chains', or remove the entry"],
    });
  const sources = duty.sources.map((s) => ("dir" in s ? { dir: resolve(baseDir, s.dir) } : s));
  return new StorageProofDuty({
    config: duty,
    client: createChainClient(chain),
    confirmations: chain.confirmations,
    store,
    sources: new ProofSources(sources, duty.sourceTimeoutMs),
    log: services?.log.child({ duty: "storageProofs" }),
    metrics: services === undefined ? undefined : new StorageProofMetrics(services.metrics.registry),
  }) as unknown as Duty<string, unknown>;
}

export function storageProofContracts(config: RelayerConfig): { duty: string; chain: string; field: string; address: `0x${string}` }[] {
  const duty = config.duties.storageProofs;
  return duty?.enabled === true ? [{ duty: "storageProofs", chain: duty.chain, field: "market", address: duty.market }] : [];
}
