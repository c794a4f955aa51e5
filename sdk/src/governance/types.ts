import type { Address, Hex } from "viem";

import type { MessageStatus } from "../bridge/types.ts";
import type { AnyAddress } from "../tron/address.ts";

export type { AnyAddress };

/** One call a governance action makes, as its chain's GovernanceReceiver runs it. */
export interface GovernanceCall {
  readonly target: AnyAddress;
  /** Native coin sent with the call (from the receiver's balance); default 0. */
  readonly value?: bigint;
  readonly data: Hex;
}

/** The chain a two-hop leg passes through (BTTC): its id, GovernanceReceiver and Outbox. */
export interface GovernanceRelay {
  readonly chainId: bigint | number;
  readonly receiver: AnyAddress;
  readonly outbox: AnyAddress;
}

/**
 * What a proposal does on one chain. `home`: the home receiver runs `calls` when the proposal
 * executes. `remote`: the timelock sends `calls` through the home Outbox to the receiver on
 * `destChainId`, which runs them when the relayers deliver the message (a cross-chain leg).
 * `relayed`: two hops, for a root chain that is not the home (Ethereum, BNB Chain: messaging runs
 * root <-> BTTC only): the timelock sends BTTC's receiver (`via`) one call, BTTC's Outbox
 * `send(destChainId, receiver, abi.encode(calls))`, and the relayers carry that on. Build actions
 * from manifests with `governanceAction`, which picks the kind.
 */
export type GovernanceAction =
  | { readonly chain: "home"; readonly calls: readonly GovernanceCall[] }
  | {
      readonly chain: "remote";
      readonly destChainId: bigint | number;
      /** The GovernanceReceiver on `destChainId`. */
      readonly receiver: AnyAddress;
      readonly calls: readonly GovernanceCall[];
    }
  | {
      readonly chain: "relayed";
      readonly via: GovernanceRelay;
      readonly destChainId: bigint | number;
      /** The GovernanceReceiver on `destChainId` (it obeys `via.receiver`). */
      readonly receiver: AnyAddress;
      readonly calls: readonly GovernanceCall[];
    };

/** The home's governance contracts a proposal is encoded against. */
export interface GovernanceHome {
  /** The home GovernanceReceiver (owns the home's contracts). */
  readonly homeReceiver: AnyAddress;
  /** The home Outbox (carries the cross-chain legs). Needed only for `remote` actions. */
  readonly outbox?: AnyAddress;
}

/** A proposal as the Governor takes it. */
export interface EncodedProposal {
  readonly targets: readonly Address[];
  readonly values: readonly bigint[];
  readonly calldatas: readonly Hex[];
  readonly description: string;
  readonly descriptionHash: Hex;
  /** `hashProposal(targets, values, calldatas, descriptionHash)`. */
  readonly proposalId: bigint;
}

/** OpenZeppelin's `ProposalState`, as strings. */
export type ProposalState =
  "pending" | "active" | "canceled" | "defeated" | "succeeded" | "queued" | "expired" | "executed";

export type VoteSupport = "against" | "for" | "abstain";

/** A proposal's state and tally. */
export interface ProposalInfo {
  readonly proposalId: bigint;
  readonly state: ProposalState;
  /** Block whose end the votes are read at. */
  readonly snapshot: bigint;
  /** Last block of the vote. */
  readonly deadline: bigint;
  /** Earliest execution time (unix seconds) once queued; 0 before. */
  readonly eta: bigint;
  /** Votes needed (for + abstain) at the snapshot; undefined until the snapshot block has ended. */
  readonly quorum: bigint | undefined;
  readonly votes: { readonly against: bigint; readonly for: bigint; readonly abstain: bigint };
}

/**
 * The second hop of a two-hop leg: the message BTTC's receiver sends on when the first hop runs.
 * `not-sent` until the first hop is executed on BTTC (then `nonce` is known), or when BTTC is not
 * among the destinations asked.
 */
export interface ForwardedLeg {
  readonly destChainId: bigint;
  /** Undefined while `not-sent`. */
  readonly nonce: bigint | undefined;
  readonly receiver: Address;
  readonly payload: Hex;
  readonly status: "not-sent" | MessageStatus;
}

/** One cross-chain leg of an executed proposal and where it stands on its destination. */
export interface CrossChainLeg {
  readonly destChainId: bigint;
  readonly nonce: bigint;
  readonly receiver: Address;
  readonly payload: Hex;
  readonly status: MessageStatus;
  /** The hops this leg sends on from its destination (two-hop legs to Ethereum, BNB Chain); usually empty. */
  readonly forwarded: readonly ForwardedLeg[];
}
