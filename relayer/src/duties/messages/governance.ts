/**
 * Governance messages (DESIGN section 15): a proposal's cross-chain leg is sent by the home
 * timelock (or, further on, by a receiver that forwards for it) to the destination's
 * `GovernanceReceiver`. The executor pays for them like bridge messages, with no allow-list: a
 * message is governance's when, on its destination chain,
 *
 *   - its target names its sender and source chain as the governance it obeys
 *     (`homeTimelock()`, `homeChainId()`), and takes messages from that chain's Inbox (`inbox()`);
 *   - and that target owns the destination's bridge (`owner()`).
 *
 * Anyone may deploy a contract that answers the first three, but only governance controls who owns
 * the bridge, so a stranger cannot make this relayer pay for their messages.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  getAddress,
  parseAbi,
  type Address,
  type PublicClient,
} from "viem";

import type { MessageEndpoint } from "./config.ts";

const receiverAbi = parseAbi([
  "function homeTimelock() view returns (address)",
  "function homeChainId() view returns (uint256)",
  "function inbox() view returns (address)",
]);
const ownableAbi = parseAbi(["function owner() view returns (address)"]);

export interface GovernanceDestination extends MessageEndpoint {
  readonly name: string;
}

export class GovernanceSenders {
  /** Recognised (destination, sender, target) triples; refusals are asked again (ownership may change). */
  private readonly recognised = new Set<string>();

  private readonly clients: ReadonlyMap<string, PublicClient>;

  constructor(clients: ReadonlyMap<string, PublicClient>) {
    this.clients = clients;
  }

  /**
   * Whether `message` is a governance message its destination's receiver obeys. Transport errors
   * are thrown (the caller retries later); a target that is not a receiver answers false.
   */
  async recognises(
    sourceChainId: bigint,
    dest: GovernanceDestination,
    message: { readonly sender: Address; readonly target: Address },
  ): Promise<boolean> {
    const client = this.clients.get(dest.name);
    if (client === undefined || dest.bridge === undefined || dest.inbox === undefined) return false;
    const key = `${dest.name}:${message.sender.toLowerCase()}:${message.target.toLowerCase()}`;
    if (this.recognised.has(key)) return true;
    try {
      const target = getAddress(message.target);
      const [timelock, homeChainId, inbox, owner] = await Promise.all([
        client.readContract({ address: target, abi: receiverAbi, functionName: "homeTimelock" }),
        client.readContract({ address: target, abi: receiverAbi, functionName: "homeChainId" }),
        client.readContract({ address: target, abi: receiverAbi, functionName: "inbox" }),
        client.readContract({ address: dest.bridge, abi: ownableAbi, functionName: "owner" }),
      ]);
      const ok =
        same(timelock, message.sender) &&
        homeChainId === sourceChainId &&
        same(inbox, dest.inbox) &&
        same(owner, target);
      if (ok) this.recognised.add(key);
      return ok;
    } catch (error) {
      if (notAReceiver(error)) return false;
      throw error;
    }
  }
}

const same = (a: Address, b: Address): boolean => a.toLowerCase() === b.toLowerCase();

/** A call that reverted or found no code / no such function: the target is not a receiver. */
function notAReceiver(error: unknown): boolean {
  return (
    error instanceof BaseError &&
    error.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError) !== null
  );
}
