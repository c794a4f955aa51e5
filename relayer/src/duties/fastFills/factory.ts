/** Builds the fast-exit filler from the root config (registry entry `fastFills`). */
import { createChainClient } from "../../chain/client.ts";
import type { ChainManifests } from "../../config/manifests.ts";
import type { RelayerConfig } from "../../config/schema.ts";
import { ConfigError } from "../../errors.ts";
import type { DutyContract, DutyFactory, DutyFactoryContext } from "../context.ts";
import type { Duty } from "../types.ts";
import { resolveFastFills } from "./config.ts";
import { FastFillDuty } from "./FastFillDuty.ts";
import { FastFillMetrics } from "./metrics.ts";

function createFastFillDuty({
  config,
  store,
  services,
  manifests,
}: DutyFactoryContext): Duty<string, unknown> | undefined {
  const configured = config.duties.fastFills;
  if (configured === undefined || !configured.enabled) return undefined;
  const fastFills = resolveFastFills(configured, manifests ?? new Map());
  const source = config.chains[fastFills.source];
  const dest = config.chains[fastFills.chain];
  if (source === undefined || dest === undefined)
    throw new ConfigError(
      `duties.fastFills: chain '${source === undefined ? fastFills.source : fastFills.chain}' is not configured`,
      {
        hints: ["Add the chain under 'chains'"],
      },
    );
  const key = services?.keys.get(fastFills.key);
  if (key === undefined)
    throw new ConfigError(`duties.fastFills.key: key '${fastFills.key}' is not loaded`, {
      hints: ["Add the key under 'keys' and set its private key in the environment"],
    });
  return new FastFillDuty({
    config: fastFills,
    store,
    sourceClient: services?.clients.get(fastFills.source) ?? createChainClient(source),
    client: services?.clients.get(fastFills.chain) ?? createChainClient(dest),
    confirmations: fastFills.confirmations ?? source.confirmations,
    filler: key.address,
    log: services?.log.child({ duty: "fastFills" }),
    metrics: services === undefined ? undefined : new FastFillMetrics(services.metrics.registry),
  }) as unknown as Duty<string, unknown>;
}

function fastFillContracts(config: RelayerConfig, manifests: ChainManifests): DutyContract[] {
  const fastFills = config.duties.fastFills;
  if (fastFills?.enabled !== true) return [];
  return FastFillDuty.contracts(resolveFastFills(fastFills, manifests)).map((c) => ({ duty: "fastFills", ...c }));
}

export const fastFillsFactory: DutyFactory = { create: createFastFillDuty, contracts: fastFillContracts };
