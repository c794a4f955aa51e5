import { getAddress, type Address } from "viem";

import type { DeploymentManifest } from "../deployments/types.ts";
import { MissingGovernanceContractError, NoGovernanceRouteError, UnknownGovernanceChainError } from "./errors.ts";
import type { GovernanceAction, GovernanceCall } from "./types.ts";

/** Manifest keys of the governance contracts (as deploy/lib/handover.ts writes them). */
const keys = { governor: "governor", timelock: "timelock", receiver: "governanceReceiver", outbox: "outbox" } as const;

/** The deployment manifests of the network, by network name or as a list (the home's among them). */
export type GovernanceManifests = Readonly<Record<string, DeploymentManifest>> | readonly DeploymentManifest[];

/** What a proposal does on one chain, named by its manifest's network (`tron`, `bttc`, `ethereum`, `bnb`...). */
export interface GovernanceTarget {
  /** The network name of the chain the calls run on (a manifest's `network`). */
  readonly chain: string;
  readonly calls: readonly GovernanceCall[];
}

/** The home's governance contracts, from its manifest: what `propose` and `getCrossChainLegs` take. */
export interface GovernanceHomeContracts {
  readonly chainId: number;
  readonly governor: Address;
  readonly timelock: Address;
  readonly homeReceiver: Address;
  readonly outbox: Address;
}

const list = (manifests: GovernanceManifests): readonly DeploymentManifest[] =>
  Array.isArray(manifests) ? manifests : Object.values(manifests);

function address(manifest: DeploymentManifest, key: string, what: string): Address {
  const entry = manifest.contracts[key];
  if (entry === undefined) {
    throw new MissingGovernanceContractError(`The ${manifest.network} manifest has no ${key} (${what})`, {
      details: { network: manifest.network, key },
      hints: [
        key === keys.receiver
          ? `Deploy governance on ${manifest.network} (deployGovernance, docs/DEPLOY.md "Handing over to governance") and pass its manifest after it`
          : `Pass the ${manifest.network} manifest written after its governance deployment`,
      ],
    });
  }
  return getAddress(entry.address);
}

/** The staking home's governance contracts among `manifests`. */
export function governanceHome(manifests: GovernanceManifests): GovernanceHomeContracts {
  const home = list(manifests).find((m) => m.stakingHome === true);
  if (home === undefined) {
    throw new MissingGovernanceContractError("No manifest is the staking home's", {
      details: { networks: list(manifests).map((m) => m.network) },
      hints: ["Pass the home's manifest (stakingHome: true; TRON by default) with the others"],
    });
  }
  return {
    chainId: home.chainId,
    governor: address(home, keys.governor, "the Governor"),
    timelock: address(home, keys.timelock, "the timelock"),
    homeReceiver: address(home, keys.receiver, "the home GovernanceReceiver"),
    outbox: address(home, keys.outbox, "the Outbox that carries cross-chain legs"),
  };
}

/**
 * A proposal action for calls on the chain named `target.chain`, routed from the manifests: on the
 * home, run by the home receiver; on a chain the home messages directly (BTTC), one leg; on a root
 * chain that is not the home (Ethereum, BNB Chain), two legs through BTTC (its receiver sends the
 * calls on to the destination's receiver, which obeys it).
 *
 * Throws `UnknownGovernanceChainError` (no manifest for the chain), `MissingGovernanceContractError`
 * (a manifest without the receiver, Outbox or home governance the route needs),
 * `NoGovernanceRouteError` (two root chains and no BTTC manifest).
 */
export function governanceAction(manifests: GovernanceManifests, target: GovernanceTarget): GovernanceAction {
  const all = list(manifests);
  const dest = all.find((m) => m.network === target.chain);
  if (dest === undefined) {
    throw new UnknownGovernanceChainError(`No manifest for chain "${target.chain}"`, {
      details: { chain: target.chain, networks: all.map((m) => m.network) },
      hints: [
        `Name a chain by its manifest's network: one of ${all.map((m) => m.network).join(", ") || "(none given)"}`,
      ],
    });
  }
  const home = all.find((m) => m.stakingHome === true);
  if (home === undefined) governanceHome(all); // throws the missing-home error
  if (dest.network === home!.network) return { chain: "home", calls: target.calls };
  const receiver = address(dest, keys.receiver, "the GovernanceReceiver that runs the calls");
  if (dest.role !== home!.role) return { chain: "remote", destChainId: dest.chainId, receiver, calls: target.calls };
  const relay = all.find((m) => m.role === "child");
  if (relay === undefined || dest.role !== "root") {
    throw new NoGovernanceRouteError(`No path from the home ${home!.network} to ${dest.network}`, {
      details: { home: home!.network, chain: dest.network, networks: all.map((m) => m.network) },
      hints: ["Messages run between a root chain and BTTC only: pass BTTC's manifest too (the legs pass through it)"],
    });
  }
  return {
    chain: "relayed",
    via: {
      chainId: relay.chainId,
      receiver: address(relay, keys.receiver, "BTTC's GovernanceReceiver, which sends the second hop"),
      outbox: address(relay, keys.outbox, "BTTC's Outbox, which carries the second hop"),
    },
    destChainId: dest.chainId,
    receiver,
    calls: target.calls,
  };
}
