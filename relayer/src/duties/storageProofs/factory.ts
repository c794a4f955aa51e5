/** Builds the storage-proof submitter from the root config (registry entry `storageProofs`). */
import { resolve } from "node:path";

import { createChainClient } from "../../chain/client.ts";
import type { ChainManifests } from "../../config/manifests.ts";
import type { RelayerConfig } from "../../config/schema.ts";
import { ConfigError } from "../../errors.ts";
import type { DutyContract, DutyFactory, DutyFactoryContext } from "../context.ts";
import type { Duty } from "../types.ts";
import { resolveStorageProofs } from "./config.ts";
import { StorageProofMetrics } from "./metrics.ts";
import { ProofSources } from "./sources.ts";
import { StorageProofDuty } from "./StorageProofDuty.ts";

function createStorageProofDuty({
  config,
  baseDir,
  store,
  services,
  manifests,
}: DutyFactoryContext): Duty<string, unknown> | undefined {
  const configured = config.duties.storageProofs;
  if (configured === undefined || !configured.enabled) return undefined;
  const duty = resolveStorageProofs(configured, manifests ?? new Map());
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

function storageProofContracts(config: RelayerConfig, manifests: ChainManifests): DutyContract[] {
  const duty = config.duties.storageProofs;
  if (duty?.enabled !== true) return [];
  return [
    {
      duty: "storageProofs",
      chain: duty.chain,
      field: "market",
      address: resolveStorageProofs(duty, manifests).market,
    },
  ];
}

export const storageProofsFactory: DutyFactory = { create: createStorageProofDuty, contracts: storageProofContracts };
