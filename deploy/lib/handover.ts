/**
 * Staked-BTT governance at deployment (DESIGN section 15, docs/DEPLOY.md "Handing over to
 * governance"): deploys the Governance Ignition module of a chain, then hands every contract the
 * deployer owns to that chain's GovernanceReceiver, so that no contract stays owned by a key.
 *
 * Order: deploy every chain and wire them (the deployer still owns everything), then the home's
 * governance (StakeVotes is attached to the StakeManager before anything is staked), then BTTC's
 * receiver (it obeys the home timelock), then the receivers of the other root chains (Ethereum, BNB
 * Chain: messaging runs root <-> BTTC, so they obey BTTC's receiver), then the handover on every chain.
 */
import { getAddress, parseAbi, zeroAddress, type Address, type PublicClient, type WalletClient } from "viem";
import type { ChainType, NetworkConnection } from "hardhat/types/network";

import { contractAddress, type DeployedContract, type DeploymentManifest } from "@btt-network/sdk/deployments";
import { GovernanceHome, GovernanceRemote } from "../ignition/modules/Governance.ts";
import { creationBlock } from "./deployNetwork.ts";

const ownableAbi = parseAbi([
  "function owner() view returns (address)",
  "function transferOwnership(address newOwner)",
]);
const receiverAbi = parseAbi(["function acceptOwnerships(address[] targets)"]);

/** The governance settings of the home (ranges: contracts/governance/IBttGovernor.sol). */
export interface HomeGovernanceSettings {
  /** Blocks from proposal to snapshot. */
  readonly votingDelay: bigint;
  /** Blocks the vote lasts. */
  readonly votingPeriod: bigint;
  /** Stake (BTT wei) needed to propose. */
  readonly proposalThreshold: bigint;
  /** Percent of bonded stake that must vote for or abstain. */
  readonly quorumPercent: bigint;
  /** Seconds between queueing and execution. */
  readonly timelockDelay: bigint;
}

/**
 * Settings for local chains (the devnet, tests): the floor of each range except the quorum (4%, a
 * usual value; its floor is 1%), so a proposal lives for seconds.
 */
export const devnetGovernanceSettings: HomeGovernanceSettings = {
  votingDelay: 1n,
  votingPeriod: 20n,
  proposalThreshold: 10n ** 18n,
  quorumPercent: 4n,
  timelockDelay: 60n,
};

export interface DeployGovernanceOptions {
  /** Required on the staking home. */
  readonly settings?: HomeGovernanceSettings;
  /** The home's manifest (after its governance): required on every other chain. */
  readonly homeManifest?: DeploymentManifest;
  /**
   * BTTC's manifest (after its receiver): required on a root chain that is not the home (Ethereum,
   * BNB Chain), whose receiver obeys BTTC's receiver (two hops: home -> BTTC -> this chain).
   */
  readonly childManifest?: DeploymentManifest;
  /** The guardian (a multisig) that may pause bridges for a bounded time; default none. */
  readonly guardian?: Address;
  /** Longest guardian pause in seconds (3,600 .. 1,209,600); default 3 days. */
  readonly maxPause?: bigint;
  /** Ignition deployment id; the journal is `<id>-governance` (default: Ignition's `chain-<chainId>`). */
  readonly deploymentId?: string;
  readonly log?: (line: string) => void;
}

/** Manifest keys the governance adds (never renamed). */
export const governanceKeys = {
  votes: "stakeVotes",
  timelock: "timelock",
  governor: "governor",
  receiver: "governanceReceiver",
} as const;

type AnyConnection = NetworkConnection<ChainType>;
type IgnitionConnection = AnyConnection & {
  readonly ignition: {
    deploy(
      module: unknown,
      options: Record<string, unknown>,
    ): Promise<Record<string, { getAddress(): Promise<string> }>>;
  };
};

/** Deploys the chain's governance contracts; returns the manifest with their keys added. */
export async function deployGovernance(
  connection: AnyConnection,
  manifest: DeploymentManifest,
  options: DeployGovernanceOptions,
): Promise<DeploymentManifest> {
  const log = options.log ?? (() => undefined);
  const { ignition } = connection as IgnitionConnection;
  const common = {
    guardian: options.guardian ?? zeroAddress,
    maxPause: options.maxPause ?? 259_200n,
  };
  const added: Record<string, { address: string; contractName: string }> = {};
  const journal = options.deploymentId === undefined ? {} : { deploymentId: `${options.deploymentId}-governance` };
  if (manifest.stakingHome === true) {
    const s = options.settings;
    if (s === undefined) throw new Error(`${manifest.network} is the staking home: governance settings are required`);
    const result = await ignition.deploy(GovernanceHome, {
      parameters: {
        GovernanceHome: {
          stakeManager: contractAddress(manifest, "stakeManager"),
          homeChainId: BigInt(manifest.chainId),
          votingDelay: s.votingDelay,
          votingPeriod: s.votingPeriod,
          proposalThreshold: s.proposalThreshold,
          quorumPercent: s.quorumPercent,
          timelockDelay: s.timelockDelay,
          ...common,
        },
      },
      ...journal,
      displayUi: false,
    });
    added[governanceKeys.votes] = { address: await result.votes!.getAddress(), contractName: "StakeVotes" };
    added[governanceKeys.timelock] = { address: await result.timelock!.getAddress(), contractName: "BttTimelock" };
    added[governanceKeys.governor] = { address: await result.governor!.getAddress(), contractName: "BttGovernor" };
    added[governanceKeys.receiver] = {
      address: await result.receiver!.getAddress(),
      contractName: "GovernanceReceiver",
    };
  } else {
    const governing = governingOf(manifest, options);
    const result = await ignition.deploy(GovernanceRemote, {
      parameters: {
        GovernanceRemote: {
          inbox: contractAddress(manifest, "inbox"),
          homeChainId: BigInt(governing.chainId),
          homeTimelock: governing.address,
          ...common,
        },
      },
      ...journal,
      displayUi: false,
    });
    added[governanceKeys.receiver] = {
      address: await result.receiver!.getAddress(),
      contractName: "GovernanceReceiver",
    };
  }
  const contracts: Record<string, DeployedContract> = { ...manifest.contracts };
  for (const [key, c] of Object.entries(added)) {
    const address = getAddress(c.address);
    contracts[key] = { address, blockNumber: await creationBlock(connection, address), contractName: c.contractName };
    log(`  ✓ ${key} (${c.contractName}) at ${address}`);
  }
  return { ...manifest, contracts };
}

/**
 * Whom a remote receiver obeys: the home timelock when messages run directly between the home and
 * this chain (one is BTTC, the other a root), else BTTC's receiver (a root chain that is not the
 * home: Ethereum, BNB Chain).
 */
export function governingOf(
  manifest: DeploymentManifest,
  options: Pick<DeployGovernanceOptions, "homeManifest" | "childManifest">,
): { readonly chainId: number; readonly address: Address } {
  const home = options.homeManifest;
  if (home === undefined) throw new Error(`${manifest.network}: the home manifest (with its timelock) is required`);
  if (home.role !== manifest.role) {
    return { chainId: home.chainId, address: contractAddress(home, governanceKeys.timelock) };
  }
  const child = options.childManifest;
  if (child === undefined || child.role !== "child") {
    throw new Error(
      `${manifest.network} and the home ${home.network} are both ${manifest.role} chains: pass BTTC's manifest (childManifest, after its receiver); this receiver obeys BTTC's`,
    );
  }
  return { chainId: child.chainId, address: contractAddress(child, governanceKeys.receiver) };
}

/** What `handOver` did with one manifest contract. */
export interface HandoverOutcome {
  readonly key: string;
  readonly address: Address;
  /** `handed`: now owned by the receiver; `already`: it was; `other-owner`: owned by someone else. */
  readonly status: "handed" | "already" | "other-owner";
  readonly owner: Address;
}

/** Owner of `address`, or undefined when it has no `owner()`. */
export async function ownerOf(client: PublicClient, address: Address): Promise<Address | undefined> {
  try {
    return await client.readContract({ address, abi: ownableAbi, functionName: "owner" });
  } catch {
    return undefined;
  }
}

/** A manifest contract whose owner is an account without code (a key). */
export interface KeyOwned {
  readonly key: string;
  readonly address: Address;
  readonly owner: Address;
}

/**
 * The contracts of `manifest` owned by a key (an account without code); empty once the handover is
 * done. Contracts owned by another contract (a child token owned by its bridge) are not listed.
 */
export async function keyOwnedContracts(client: PublicClient, manifest: DeploymentManifest): Promise<KeyOwned[]> {
  const found: KeyOwned[] = [];
  for (const [key, c] of Object.entries(manifest.contracts)) {
    const address = getAddress(c.address);
    const owner = await ownerOf(client, address);
    if (owner === undefined) continue;
    const code = await client.getCode({ address: owner });
    if (code === undefined || code === "0x") found.push({ key, address, owner: getAddress(owner) });
  }
  return found;
}

/**
 * Hands every contract of `manifest` that `wallet` owns to the chain's GovernanceReceiver
 * (`transferOwnership`, then one `acceptOwnerships` for all of them: two-step ownership).
 */
export async function handOver(
  client: PublicClient,
  wallet: WalletClient,
  manifest: DeploymentManifest,
  log: (line: string) => void = () => undefined,
  /** Only these manifest keys (default: every contract of the manifest). */
  only?: readonly string[],
): Promise<HandoverOutcome[]> {
  const receiver = contractAddress(manifest, governanceKeys.receiver);
  const account = wallet.account;
  if (account === undefined) throw new Error("handOver needs a wallet client with an account");
  const outcomes: HandoverOutcome[] = [];
  const pending: Address[] = [];
  for (const [key, c] of Object.entries(manifest.contracts)) {
    if (only !== undefined && !only.includes(key)) continue;
    const address = getAddress(c.address);
    const owner = await ownerOf(client, address);
    if (owner === undefined) continue;
    if (getAddress(owner) === receiver) {
      outcomes.push({ key, address, status: "already", owner });
    } else if (getAddress(owner) === getAddress(account.address)) {
      const hash = await wallet.writeContract({
        address,
        abi: ownableAbi,
        functionName: "transferOwnership",
        args: [receiver],
        account,
        chain: wallet.chain,
      });
      await client.waitForTransactionReceipt({ hash });
      pending.push(address);
      outcomes.push({ key, address, status: "handed", owner: receiver });
    } else {
      outcomes.push({ key, address, status: "other-owner", owner });
    }
  }
  if (pending.length > 0) {
    const hash = await wallet.writeContract({
      address: receiver,
      abi: receiverAbi,
      functionName: "acceptOwnerships",
      args: [pending],
      account,
      chain: wallet.chain,
    });
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`acceptOwnerships reverted on ${manifest.network}`);
  }
  for (const o of outcomes) log(`  ${o.status === "handed" ? "✓" : "·"} ${o.key}: ${o.status} (${o.owner})`);
  return outcomes;
}
