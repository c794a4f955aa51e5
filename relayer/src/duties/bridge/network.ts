/**
 * Where the BTT Network contracts live, as the validator signer, the checkpoint submitter and the
 * rotation submitter see them: per configured chain its Outbox, Inbox, ValidatorSet (and on the
 * staking home its StakeManager), with the block they were deployed at (first block of logs and of
 * a source's first checkpoint). Each of those duties takes this section as `contracts` and names
 * the staking home chain as `home`; once deployment manifests are read by the relayer this section
 * can default from them.
 */
import { z } from "zod";

import { address, name } from "../../config/fields.ts";

export const chainContractsSchema = z.strictObject({
  outbox: address.optional(),
  inbox: address.optional(),
  validatorSet: address,
  /** Staking home only. */
  stakeManager: address.optional(),
  /** Deployment block: logs are read from here, and a source's first checkpoint starts no earlier. */
  fromBlock: z.number().int().nonnegative().default(0),
});

export const networkFields = {
  /** The staking home chain (a key of `chains` and of `contracts`, with a `stakeManager`). */
  home: name,
  /** Contracts by chain name. */
  contracts: z.record(name, chainContractsSchema),
};

export type ChainContracts = z.output<typeof chainContractsSchema>;
export type NetworkConfig = { readonly home: string; readonly contracts: Readonly<Record<string, ChainContracts>> };

/** Every configured contract of a duty's `contracts` section, for the start-up code check. */
export function networkContracts(duty: string, network: NetworkConfig): { duty: string; chain: string; field: string; address: `0x${string}` }[] {
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
  tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
});

export const collectFields = {
  /** Other relayers holding validator keys. This relayer's own signer (if enabled) is always asked too. */
  peers: z.array(peerSchema).max(256).default([]),
  /** A peer that has not answered after this long is skipped for this round. */
  peerTimeoutMs: z.number().int().positive().default(5_000),
  /** A proposal without quorum for this long is abandoned (a fresh one follows). */
  proposalTimeoutMs: z.number().int().positive().default(120_000),
};
