/**
 * What a duty is built from: the parsed config, the store, the deployment manifests and the
 * relayer's services. Every duty folder's `factory.ts` exports a `DutyFactory` over this context;
 * `registry.ts` lists them.
 */
import type { PublicClient } from "viem";

import type { ResolvedKey } from "../config/keys.ts";
import type { ChainManifests } from "../config/manifests.ts";
import type { RelayerConfig } from "../config/schema.ts";
import { resolveNetwork, type NetworkConfig, type NetworkConfigInput } from "../consensus/network.ts";
import type { AuthenticatedApi } from "../observability/http.ts";
import type { Logger } from "../observability/log.ts";
import type { RelayerMetrics } from "../observability/metrics.ts";
import type { Store } from "../store/Store.ts";
import type { Duty } from "./types.ts";

/** What the relayer hands duty factories beyond the config and the store. */
export interface DutyServices {
  readonly keys: ReadonlyMap<string, ResolvedKey>;
  /** Read clients by chain name. */
  readonly clients: ReadonlyMap<string, PublicClient>;
  readonly log: Logger;
  readonly metrics: RelayerMetrics;
  readonly env: NodeJS.ProcessEnv;
  /** Mounts an authenticated API on the HTTP server. */
  mountApi(api: AuthenticatedApi): void;
}

export interface DutyFactoryContext {
  readonly config: RelayerConfig;
  /** Folder of the config file (relative paths in duty configs are resolved against it). */
  readonly baseDir: string;
  readonly store: Store;
  /** Deployment manifests by chain (`chains.<name>.manifest`): contracts a duty config leaves out come from them. */
  readonly manifests?: ChainManifests;
  /** Keys, read clients, logs, metrics, HTTP mounts (the chain-reading duties need them). */
  readonly services?: DutyServices;
}

/** A contract a duty needs deployed, for the start-up check (`missing contract code`). */
export interface DutyContract {
  readonly duty: string;
  readonly chain: string;
  readonly field: string;
  readonly address: `0x${string}`;
}

/** What each duty folder's `factory.ts` provides. */
export interface DutyFactory {
  /** The duty when its config section is present and enabled. */
  create(context: DutyFactoryContext): Duty<string, unknown> | undefined;
  /** The contracts it will call, resolved against the manifests (empty when it is off). */
  contracts(config: RelayerConfig, manifests: ChainManifests): DutyContract[];
}

/** A duty's `home` and `contracts`, gaps filled from the manifests. */
export function networkOf(
  context: Pick<DutyFactoryContext, "manifests">,
  duty: string,
  network: NetworkConfigInput,
): NetworkConfig {
  return resolveNetwork(duty, network, context.manifests ?? new Map());
}
