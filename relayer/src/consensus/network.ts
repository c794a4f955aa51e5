/**
 * Where the BTT Network contracts live, as the validator signer, the checkpoint submitter and the
 * rotation submitter see them: per configured chain its Outbox, Inbox, ValidatorSet (and on the
 * staking home its StakeManager), with the block they were deployed at (first block of logs and of
 * a source's first checkpoint). Each of those duties takes this section as `contracts` and names
 * the staking home chain as `home`. Every field may be left out when the chain has a deployment
 * manifest (`chains.<name>.manifest`): `resolveNetwork` fills it from there at start-up, and
 * `contracts` itself defaults to every chain with a manifest.
 */
import { z } from "zod";

import { contractFor, type ChainManifests } from "../config/manifests.ts";
import { address, name } from "../config/fields.ts";

export const chainContractsSchema = z.strictObject({
  /** Default: the manifest's outbox. */
  outbox: address.optional(),
  /** Default: the manifest's inbox. */
  inbox: address.optional(),
  /** Required here or in the chain's manifest. */
  validatorSet: address.optional(),
  /** Staking home only (required there, here or in its manifest). */
  stakeManager: address.optional(),
  /**
   * Deployment block: logs are read from here, and a source's first checkpoint starts no earlier.
   * Default: the earliest creation block of the chain's messaging contracts in its manifest, else 0.
   */
  fromBlock: z.number().int().nonnegative().optional(),
});

export const networkFields = {
  /** The staking home chain (a key of `chains` and of `contracts`, with a `stakeManager`). */
  home: name,
  /** Contracts by chain name; default: every configured chain with a manifest, all taken from it. */
  contracts: z.record(name, chainContractsSchema).optional(),
};

export type ChainContractsInput = z.output<typeof chainContractsSchema>;
/** A chain's contracts once resolved (the verifier and the first block are always known). */
export type ChainContracts = Omit<ChainContractsInput, "validatorSet" | "fromBlock"> & {
  readonly validatorSet: `0x${string}`;
  readonly fromBlock: number;
};
export type NetworkConfig = { readonly home: string; readonly contracts: Readonly<Record<string, ChainContracts>> };
/** A duty's network section as configured (before the manifests fill it in). */
export type NetworkConfigInput = {
  readonly home: string;
  readonly contracts?: Readonly<Record<string, ChainContractsInput>> | undefined;
};

/**
 * A duty's network section with every gap filled from the chains' manifests: each chain of
 * `contracts` (default: each chain with a manifest) gets its outbox, inbox, validatorSet and, on
 * the home, stakeManager from its manifest unless configured; a verifier neither gives is a
 * `ConfigError` naming both ways to provide it (other missing contracts fail where they are read).
 */
export function resolveNetwork(duty: string, network: NetworkConfigInput, manifests: ChainManifests): NetworkConfig {
  // Configured chains are merged over the manifests' (listing what differs keeps every other chain).
  const configured: Readonly<Record<string, ChainContractsInput>> = {
    ...Object.fromEntries([...manifests.keys()].map((chain) => [chain, {}])),
    ...network.contracts,
  };
  const contracts: Record<string, ChainContracts> = {};
  for (const [chain, given] of Object.entries(configured)) {
    const entries = manifests.get(chain)?.contracts;
    const optional = (key: "outbox" | "inbox" | "stakeManager") => given[key] ?? entries?.[key]?.address;
    const validatorSet = contractFor(
      manifests,
      chain,
      "validatorSet",
      given.validatorSet,
      `duties.${duty}.contracts.${chain}.validatorSet`,
    ).address;
    // The home's StakeManager is required where it is read (`BridgeReads.homeSetAt`): a signer for checkpoints only needs none.
    const stakeManager = optional("stakeManager");
    const blocks = (["outbox", "inbox", "validatorSet", "stakeManager"] as const).flatMap((key) =>
      entries?.[key] === undefined ? [] : [entries[key].blockNumber],
    );
    const fromBlock = given.fromBlock ?? (blocks.length === 0 ? 0 : Number(blocks.reduce((a, b) => (b < a ? b : a))));
    const outbox = optional("outbox");
    const inbox = optional("inbox");
    contracts[chain] = {
      validatorSet,
      fromBlock,
      ...(outbox === undefined ? {} : { outbox }),
      ...(inbox === undefined ? {} : { inbox }),
      ...(stakeManager === undefined ? {} : { stakeManager }),
    };
  }
  return { home: network.home, contracts };
}

/** Every configured contract of a duty's `contracts` section, for the start-up code check. */
export function networkContracts(
  duty: string,
  network: NetworkConfig,
): { duty: string; chain: string; field: string; address: `0x${string}` }[] {
  const out: { duty: string; chain: string; field: string; address: `0x${string}` }[] = [];
  for (const [chain, contracts] of Object.entries(network.contracts))
    for (const field of ["outbox", "inbox", "validatorSet", "stakeManager"] as const) {
      const address = contracts[field];
      if (address !== undefined) out.push({ duty, chain, field: `contracts.${chain}.${field}`, address });
    }
  return out;
}

/** A peer relayer's signature API. */
export const peerSchema = z.strictObject({
  /** Base URL of the peer's HTTP server (its `/v1/` API). */
  url: z.url({ protocol: /^https?$/ }),
  /** Environment variable holding the peer's bearer token (never the token itself). */
  tokenEnv: z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/)
    .optional(),
});

export const collectFields = {
  /** Other relayers holding validator keys. This relayer's own signer (if enabled) is always asked too. */
  peers: z.array(peerSchema).max(256).default([]),
  /** A peer that has not answered after this long is skipped for this round. */
  peerTimeoutMs: z.number().int().positive().default(5_000),
  /** A proposal without quorum for this long is abandoned (a fresh one follows). */
  proposalTimeoutMs: z.number().int().positive().default(120_000),
};
