/**
 * What the signer and the submitters share inside one relayer: chain reads per network config,
 * one validator signer (when `duties.signer` is enabled), the signature sources a submitter asks,
 * and their metrics. Built once per duty-factory context. Not a duty: the wiring the signer,
 * checkpoint and rotation factories share.
 */
import { ConfigError } from "../errors.ts";
import { isLoopback } from "../observability/http.ts";
import type { Logger } from "../observability/log.ts";
import type { Store } from "../store/Store.ts";
import { signatureApi } from "../signatures/api.ts";
import { CollectMetrics } from "../signatures/metrics.ts";
import { localSource, peerSource, type SignatureSource } from "../signatures/sources.ts";
import { networkOf, type DutyFactoryContext, type DutyServices } from "./context.ts";
import { SignatureGuard } from "./signer/guard.ts";
import { SignerMetrics } from "./signer/metrics.ts";
import { Signer } from "./signer/Signer.ts";
import type { NetworkConfig } from "../consensus/network.ts";
import { BridgeReads } from "../consensus/reads.ts";

export interface PeerConfig {
  readonly url: string;
  /** Environment variable holding the peer's bearer token. */
  readonly tokenEnv?: string | undefined;
}

interface Shared {
  signer?: Signer | undefined;
  collectMetrics?: CollectMetrics;
}

const shared = new WeakMap<DutyFactoryContext, Shared>();

function sharedOf(context: DutyFactoryContext): Shared {
  let entry = shared.get(context);
  if (entry === undefined) shared.set(context, (entry = {}));
  return entry;
}

export function servicesOf(context: DutyFactoryContext): DutyServices {
  if (context.services === undefined)
    throw new ConfigError("this duty needs the relayer's services (keys, clients); start it through startRelayer");
  return context.services;
}

/** This relayer's validator signer, created (and its API mounted) the first time it is asked for; undefined when `duties.signer` is off. */
export function signerOf(context: DutyFactoryContext): Signer | undefined {
  const entry = sharedOf(context);
  if ("signer" in entry) return entry.signer;
  const config = context.config.duties.signer;
  if (config === undefined || !config.enabled) return (entry.signer = undefined);
  const services = servicesOf(context);
  const keys = (config.keys ?? [config.key]).map((name) => {
    const key = services.keys.get(name);
    if (key === undefined) throw new ConfigError(`duties.signer.keys: key '${name}' is not configured under 'keys'`);
    return key;
  });
  const http = context.config.http;
  if (http.enabled && http.authToken === undefined && !isLoopback(http.host))
    throw new ConfigError(`the validator signer refuses to serve signatures on ${http.host} without a token`, {
      hints: ["Set http.authToken (e.g. BTT_RELAYER_HTTP__AUTH_TOKEN) or bind http.host to 127.0.0.1."],
    });
  const signer = new Signer({
    reads: new BridgeReads(context.config, networkOf(context, "signer", config), services.clients),
    keys,
    guard: new SignatureGuard(context.store),
    log: services.log,
    metrics: new SignerMetrics(services.metrics.registry),
  });
  if (http.enabled) services.mountApi(signatureApi(signer, http.authToken, services.log));
  return (entry.signer = signer);
}

export function collectMetricsOf(context: DutyFactoryContext): CollectMetrics {
  const entry = sharedOf(context);
  return (entry.collectMetrics ??= new CollectMetrics(servicesOf(context).metrics.registry));
}

/** The sources a submitter asks: this relayer's signer (if any), then each peer. */
export function sourcesOf(
  context: DutyFactoryContext,
  peers: readonly PeerConfig[],
  timeoutMs: number,
): SignatureSource[] {
  const services = servicesOf(context);
  const sources: SignatureSource[] = [];
  const signer = signerOf(context);
  if (signer !== undefined) sources.push(localSource(signer));
  for (const peer of peers) {
    const token = peer.tokenEnv === undefined ? undefined : services.env[peer.tokenEnv];
    if (peer.tokenEnv !== undefined && (token === undefined || token === ""))
      throw new ConfigError(`peer ${peer.url}: its token variable ${peer.tokenEnv} is not set`);
    sources.push(peerSource({ url: peer.url, token, timeoutMs }));
  }
  return sources;
}

export function readsFor(context: DutyFactoryContext, network: NetworkConfig): BridgeReads {
  return new BridgeReads(context.config, network, servicesOf(context).clients);
}

/** What a duty that collects validator signatures and submits them (checkpoints, rotations) is built from. */
export interface CollectingDutyOptions<Config> {
  readonly config: Config;
  readonly reads: BridgeReads;
  readonly store: Store;
  readonly sources: readonly SignatureSource[];
  readonly metrics: CollectMetrics;
  readonly log: Logger;
}

/** The options of a collecting duty from its resolved config (contracts completed from manifests). */
export function collectingOptions<
  Config extends NetworkConfig & { readonly peers: readonly PeerConfig[]; readonly peerTimeoutMs: number },
>(context: DutyFactoryContext, config: Config): CollectingDutyOptions<Config> {
  return {
    config,
    reads: readsFor(context, config),
    store: context.store,
    sources: sourcesOf(context, config.peers, config.peerTimeoutMs),
    metrics: collectMetricsOf(context),
    log: servicesOf(context).log,
  };
}
