import { encodeAbiParameters, encodeFunctionData, keccak256, toHex, type Address, type Hex } from "viem";

import { outboxAbi } from "../bridge/abi.ts";
import { toEvmAddress } from "../tron/address.ts";
import { governanceReceiverAbi } from "./abi.ts";
import { InvalidProposalError } from "./errors.ts";
import type { EncodedProposal, GovernanceAction, GovernanceCall, GovernanceHome } from "./types.ts";

/** The ABI of a receiver's payload: `abi.encode(Call[])` (`GovernanceReceiver.Call`: target, value, data). */
export const callTuple = [
  {
    type: "tuple[]",
    components: [
      { name: "target", type: "address" },
      { name: "value", type: "uint256" },
      { name: "data", type: "bytes" },
    ],
  },
] as const;

function toCalls(calls: readonly GovernanceCall[]) {
  if (calls.length === 0) throw new InvalidProposalError("An action has no calls", { hints: ["Add a call"] });
  return calls.map((c) => ({ target: toEvmAddress(c.target), value: c.value ?? 0n, data: c.data }));
}

/** The payload a remote receiver runs: `abi.encode(Call[])`. */
export function encodeGovernancePayload(calls: readonly GovernanceCall[]): Hex {
  return encodeAbiParameters(callTuple, [toCalls(calls)]);
}

/**
 * The first hop of a two-hop action: to the relay's receiver, whose one call sends the action on
 * through the relay's Outbox to the destination's receiver.
 */
function relayedLeg(action: Extract<GovernanceAction, { chain: "relayed" }>) {
  const data = encodeFunctionData({
    abi: outboxAbi,
    functionName: "send",
    args: [BigInt(action.destChainId), toEvmAddress(action.receiver), encodeGovernancePayload(action.calls)],
  });
  if (BigInt(action.destChainId) === BigInt(action.via.chainId)) {
    throw new InvalidProposalError("A relayed action goes through another chain than its destination", {
      details: { destChainId: BigInt(action.destChainId), via: BigInt(action.via.chainId) },
      hints: ["Use a remote action for the relay chain itself"],
    });
  }
  return {
    destChainId: action.via.chainId,
    receiver: action.via.receiver,
    calls: [{ target: action.via.outbox, data }],
  };
}

/** OpenZeppelin's `hashProposal`: the id of a proposal. */
export function hashProposal(
  targets: readonly Address[],
  values: readonly bigint[],
  calldatas: readonly Hex[],
  descriptionHash: Hex,
): bigint {
  return BigInt(
    keccak256(
      encodeAbiParameters(
        [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }],
        [targets, values, calldatas, descriptionHash],
      ),
    ),
  );
}

/**
 * Encodes actions on the home and on other chains into one proposal: a home action becomes a
 * call of the timelock to `homeReceiver.execute(calls)`, a remote action a call of the timelock to
 * `outbox.send(destChainId, receiver, abi.encode(calls))` (one cross-chain leg), a relayed action
 * the same to the relay's receiver with the second hop as its one call.
 */
export function encodeProposal(
  home: GovernanceHome,
  actions: readonly GovernanceAction[],
  description: string,
): EncodedProposal {
  if (actions.length === 0) {
    throw new InvalidProposalError("A proposal needs at least one action", { hints: ["Pass home or remote actions"] });
  }
  const targets: Address[] = [];
  const calldatas: Hex[] = [];
  const values: bigint[] = [];
  for (const action of actions) {
    if (action.chain === "home") {
      const calls = toCalls(action.calls);
      const value = calls.reduce((sum, c) => sum + c.value, 0n);
      targets.push(toEvmAddress(home.homeReceiver));
      values.push(value);
      calldatas.push(encodeFunctionData({ abi: governanceReceiverAbi, functionName: "execute", args: [calls] }));
    } else {
      const leg = action.chain === "relayed" ? relayedLeg(action) : action;
      if (home.outbox === undefined) {
        throw new InvalidProposalError("A cross-chain action needs the home Outbox", {
          hints: ["Pass outbox (the home manifest's `outbox`)"],
        });
      }
      targets.push(toEvmAddress(home.outbox));
      values.push(0n);
      calldatas.push(
        encodeFunctionData({
          abi: outboxAbi,
          functionName: "send",
          args: [BigInt(leg.destChainId), toEvmAddress(leg.receiver), encodeGovernancePayload(leg.calls)],
        }),
      );
    }
  }
  const descriptionHash = keccak256(toHex(description));
  return {
    targets,
    values,
    calldatas,
    description,
    descriptionHash,
    proposalId: hashProposal(targets, values, calldatas, descriptionHash),
  };
}
