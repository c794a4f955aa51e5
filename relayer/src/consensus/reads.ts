/**
 * Chain reads shared by the signer and the submitters, all through the relayer's own nodes: the
 * confirmed head of a chain (head minus its confirmation depth), an Inbox's state for a source, a
 * verifier's epoch and current set (rebuilt from its `ValidatorSetUpdated` log and checked against
 * its committed hash), an Outbox stream at a block, and the staking home's set at a block.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  getAbiItem,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { getBlock, getBlockNumber, getLogs, readContract } from "viem/actions";

import { getOutboxMessages, inboxAbi, MessageTree, outboxAbi } from "@btt-network/sdk/bridge";
import {
  hashValidatorSet,
  membersOf,
  stakeManagerAbi,
  validatorSetAbi,
  type ValidatorSetMember,
} from "@btt-network/sdk/staking";
import { knownChain } from "../config/chains.ts";
import type { RelayerConfig } from "../config/schema.ts";
import { ConfigError } from "../errors.ts";
import type { ChainContracts, NetworkConfig } from "./network.ts";

const setUpdated = getAbiItem({ abi: validatorSetAbi, name: "ValidatorSetUpdated" });
const homeSetUpdated = getAbiItem({ abi: stakeManagerAbi, name: "ValidatorSetUpdated" });
/** `ValidatorSet.expiresAt()`: deployments before set expiry do not have it. */
const expiresAtAbi = [
  { type: "function", name: "expiresAt", stateMutability: "view", inputs: [], outputs: [{ name: "", type: "uint64" }] },
] as const;

export interface InboxView {
  readonly messageCount: bigint;
  readonly nextStartBlock: bigint;
  readonly checkpoints: bigint;
}

export interface SetView {
  readonly epoch: bigint;
  readonly members: readonly ValidatorSetMember[];
  readonly totalPower: bigint;
  readonly setHash: Hex;
}

export class BridgeReads {
  readonly network: NetworkConfig;
  private readonly clients: ReadonlyMap<string, PublicClient>;
  private readonly config: RelayerConfig;
  /** Sets by `chain:setHash` (a set never changes once committed). */
  private readonly sets = new Map<string, SetView>();

  constructor(config: RelayerConfig, network: NetworkConfig, clients: ReadonlyMap<string, PublicClient>) {
    this.config = config;
    this.network = network;
    this.clients = clients;
    for (const chain of Object.keys(network.contracts)) {
      if (!(chain in config.chains))
        throw new ConfigError(`contracts.${chain}: chain '${chain}' is not configured under 'chains'`);
    }
  }

  client(chain: string): PublicClient {
    const client = this.clients.get(chain);
    if (client === undefined) throw new ConfigError(`chain '${chain}' is not configured under 'chains'`);
    return client;
  }

  contracts(chain: string): ChainContracts {
    const contracts = this.network.contracts[chain];
    if (contracts === undefined) throw new ConfigError(`chain '${chain}' has no entry under contracts`);
    return contracts;
  }

  chainId(chain: string): bigint {
    const id = this.config.chains[chain]?.chainId ?? knownChain(chain)?.chainId;
    if (id === undefined) throw new ConfigError(`chain '${chain}' has no chain id`);
    return BigInt(id);
  }

  /** The configured chain with this id, among those with contracts. */
  chainNamed(chainId: bigint): string | undefined {
    return Object.keys(this.network.contracts).find((chain) => this.chainId(chain) === chainId);
  }

  /** Highest block with the chain's confirmation depth on top of it (itself included). */
  async confirmedHead(chain: string): Promise<bigint> {
    const head = await getBlockNumber(this.client(chain), { cacheTime: 0 });
    return head - BigInt(this.config.chains[chain]?.confirmations ?? 1) + 1n;
  }

  async inboxState(dest: string, sourceChainId: bigint): Promise<InboxView> {
    const inbox = required(this.contracts(dest).inbox, dest, "inbox");
    return readContract(this.client(dest), {
      address: inbox,
      abi: inboxAbi,
      functionName: "sourceState",
      args: [sourceChainId],
    });
  }

  async verifierEpoch(chain: string): Promise<bigint> {
    return readContract(this.client(chain), {
      address: this.contracts(chain).validatorSet,
      abi: validatorSetAbi,
      functionName: "epoch",
    });
  }

  /**
   * When the verifier's committed set stops being usable (unix seconds) and the chain's own time
   * (latest block), or undefined on a deployment whose ValidatorSet has no `expiresAt()` (a call
   * that reverts or returns nothing). Node errors propagate.
   */
  async setExpiry(chain: string): Promise<{ expiresAt: bigint; now: bigint } | undefined> {
    const client = this.client(chain);
    const [expiresAt, block] = await Promise.all([
      readContract(client, {
        address: this.contracts(chain).validatorSet,
        abi: expiresAtAbi,
        functionName: "expiresAt",
      }).catch((error: unknown) => {
        const missing =
          error instanceof BaseError &&
          error.walk((e) => e instanceof ContractFunctionZeroDataError || e instanceof ContractFunctionRevertedError);
        if (missing) return undefined;
        throw error;
      }),
      getBlock(client, { blockTag: "latest" }),
    ]);
    return expiresAt === undefined ? undefined : { expiresAt, now: block.timestamp };
  }

  /** The verifier's current set, from the log that installed it, checked against the committed hash. */
  async currentSet(chain: string): Promise<SetView> {
    const client = this.client(chain);
    const call = { address: this.contracts(chain).validatorSet, abi: validatorSetAbi } as const;
    const [epoch, setHash] = await Promise.all([
      readContract(client, { ...call, functionName: "epoch" }),
      readContract(client, { ...call, functionName: "setHash" }),
    ]);
    const cached = this.sets.get(`${chain}:${setHash}`);
    if (cached !== undefined && cached.epoch === epoch) return cached;
    const logs = await getLogs(client, {
      address: call.address,
      event: setUpdated,
      args: { epoch },
      fromBlock: BigInt(this.contracts(chain).fromBlock),
      toBlock: "latest",
      strict: true,
    });
    const log = logs.findLast((l) => l.args.setHash === setHash);
    if (log === undefined)
      throw new Error(`${chain}: no ValidatorSetUpdated log for epoch ${epoch} with set ${setHash}`);
    const members = membersOf([...log.args.signers], [...log.args.powers]);
    if (hashValidatorSet(members) !== setHash)
      throw new Error(`${chain}: the logged set of epoch ${epoch} does not hash to ${setHash}`);
    const view = { epoch, members, totalPower: log.args.totalPower, setHash };
    this.sets.set(`${chain}:${setHash}`, view);
    return view;
  }

  /**
   * Message count and root of the source Outbox's stream to `destChainId` as of `block`: an
   * `eth_call` at that block on EVM chains; on TRON (whose JSON-RPC answers calls at the latest
   * block only) rebuilt from the stream's `MessageSent` logs up to `block`, every leaf recomputed
   * from the logged fields.
   */
  async outboxAt(source: string, destChainId: bigint, block: bigint): Promise<{ count: bigint; root: Hex }> {
    const outbox = required(this.contracts(source).outbox, source, "outbox");
    const client = this.client(source);
    if (knownChain(source)?.kind === "tron") return this.outboxFromLogs(source, destChainId, block);
    const call = { address: outbox, abi: outboxAbi, blockNumber: block, args: [destChainId] } as const;
    const [count, root] = await Promise.all([
      readContract(client, { ...call, functionName: "messageCount" }),
      readContract(client, { ...call, functionName: "root" }),
    ]);
    return { count, root };
  }

  /** `outboxAt` from the stream's `MessageSent` logs (TRON's way; any chain can use it). */
  async outboxFromLogs(source: string, destChainId: bigint, block: bigint): Promise<{ count: bigint; root: Hex }> {
    const outbox = required(this.contracts(source).outbox, source, "outbox");
    const from = BigInt(this.contracts(source).fromBlock);
    const messages = await getOutboxMessages(this.client(source), {
      outbox,
      destChainId,
      fromBlock: from,
      toBlock: block,
      maxBlockRange: 5_000n,
    });
    const tree = MessageTree.fromMessages(messages);
    return { count: BigInt(tree.count), root: tree.root };
  }

  /**
   * The staking home's set as of `block`: the last `ValidatorSetUpdated` the StakeManager emitted
   * up to that block (each `advanceEpoch` emits the new epoch's whole set), checked against the
   * logged hash. Logs rather than a call at a past block, so that it works on TRON too. Epoch 0
   * without a log has no set. Needs `contracts.<home>.stakeManager`.
   */
  async homeSetAt(block: bigint): Promise<SetView> {
    const home = this.network.home;
    const stakeManager = required(this.contracts(home).stakeManager, home, "stakeManager");
    const logs = await getLogs(this.client(home), {
      address: stakeManager,
      event: homeSetUpdated,
      fromBlock: BigInt(this.contracts(home).fromBlock),
      toBlock: block,
      strict: true,
    });
    const last = logs[logs.length - 1];
    if (last === undefined) return { epoch: 0n, members: [], totalPower: 0n, setHash: `0x${"00".repeat(32)}` };
    const members = membersOf([...last.args.signers], [...last.args.powers]);
    const setHash = hashValidatorSet(members);
    if (setHash !== last.args.setHash)
      throw new Error(`${home}: the logged set of epoch ${last.args.epoch} does not hash to ${last.args.setHash}`);
    return { epoch: last.args.epoch, members, totalPower: last.args.totalPower, setHash };
  }
}

function required(value: Address | undefined, chain: string, field: string): Address {
  if (value === undefined)
    throw new ConfigError(`contracts.${chain}.${field} is not configured`, {
      hints: [
        `Set it in the duty's contracts section, or point chains.${chain}.manifest at a deployment manifest holding ${field}.`,
      ],
    });
  return value;
}
