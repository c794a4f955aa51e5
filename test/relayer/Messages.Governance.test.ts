import { expect } from "chai";

import { encodeAbiParameters, encodeFunctionData, getAddress, parseAbi, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { governanceReceiverAbi } from "@btt-network/sdk/governance";
import type { RelayerHandle } from "../../relayer/src/Relayer.ts";
import { messageId } from "../../relayer/src/duties/messages/streams.ts";
import {
  deploy,
  deployBridgeNetwork,
  fundedUser,
  send,
  writeMessagesConfig,
  type BridgeNetwork,
} from "./support/bridge.ts";
import { waitFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { startInProcess } from "./support/relayer.ts";

const outboxAbi = parseAbi(["function send(uint256 destChainId, address target, bytes payload) returns (uint256)"]);
const ownableAbi = parseAbi([
  "function transferOwnership(address newOwner)",
  "function owner() view returns (address)",
]);
const callsType = [
  {
    type: "tuple[]",
    components: [
      { name: "target", type: "address" },
      { name: "value", type: "uint256" },
      { name: "data", type: "bytes" },
    ],
  },
] as const;
const newAddress = (): Address => privateKeyToAccount(generatePrivateKey()).address;

/** A governance payload: the receiver calls itself to set its guardian. */
function setGuardianPayload(receiver: Address, guardian: Address): Hex {
  const data = encodeFunctionData({ abi: governanceReceiverAbi, functionName: "setGuardian", args: [guardian] });
  return encodeAbiParameters(callsType, [[{ target: receiver, value: 0n, data }]]);
}

describe("Relayer message executor: governance's messages executed with no allow-list, strangers' refused", function () {
  this.timeout(180_000);
  let nodes: HardhatNode[];
  let net: BridgeNetwork;
  let relayer: RelayerHandle | undefined;

  before(async function () {
    nodes = await Promise.all([sharedNode(199), sharedNode(1)]);
    net = await deployBridgeNetwork(nodes[0]!, nodes.slice(1));
  });
  after(async function () {
    await net.checkpointer.stop();
    await relayer?.stop("test done");
  });

  it("executes the home timelock's message to the receiver that owns the bridge; skips look-alikes", async function () {
    const [child, root] = [net.child, net.roots[0]!];
    const executor = await fundedUser(nodes);
    const timelock = await fundedUser(nodes); // stands in for the home timelock (any sender works on the Outbox)
    const attacker = await fundedUser(nodes);
    const rootChainId = BigInt(root.node.chainId);
    const receiverArgs = (home: Address) => [
      child.inbox,
      rootChainId,
      home,
      "0x0000000000000000000000000000000000000000",
      86_400n,
    ];
    const receiver = await deployReceiver(child.node, receiverArgs(timelock.address));
    // The attacker's look-alike answers every question a real receiver does, for the attacker.
    const lookAlike = await deployReceiver(child.node, receiverArgs(attacker.address));
    await send(child.node, {
      address: child.bridge,
      abi: ownableAbi,
      functionName: "transferOwnership",
      args: [receiver],
    });
    await send(child.node, {
      address: receiver,
      abi: governanceReceiverAbi,
      functionName: "acceptOwnerships",
      args: [[child.bridge]],
    });
    expect(await child.client.readContract({ address: child.bridge, abi: ownableAbi, functionName: "owner" })).to.equal(
      receiver,
    );

    const [chosen, wanted] = [newAddress(), newAddress()];
    const messages: { nonce: bigint; what: string }[] = [];
    for (const [from, target, guardian, what] of [
      [timelock, receiver, chosen, "governance"],
      [attacker, lookAlike, wanted, "a look-alike receiver that does not own the bridge"],
      [attacker, receiver, wanted, "the real receiver from another sender"],
      [attacker, child.bridge, wanted, "a contract that is no receiver"],
    ] as const) {
      const nonce = await nextNonce(root.client, root.outbox, BigInt(child.node.chainId)); // 0-based: the count before
      await send(
        root.node,
        {
          address: root.outbox,
          abi: outboxAbi,
          functionName: "send",
          args: [BigInt(child.node.chainId), target, setGuardianPayload(target, guardian)],
        },
        from.key,
      );
      messages.push({ nonce, what });
    }

    const config = writeMessagesConfig({ net, key: executor.key, withdrawals: {} });
    relayer = await startInProcess(config, {}, "warn");
    net.checkpointer.start(150);
    const guardianOf = (address: Address) =>
      child.client.readContract({ address, abi: governanceReceiverAbi, functionName: "guardian" });
    await waitFor("the governance message executed", async () => (await guardianOf(receiver)) === chosen, 60_000, 100);
    const store = relayer.store;
    const states = async () =>
      Promise.all(
        messages.map(
          async (m) =>
            (await store.getRecord("messages", messageId(rootChainId, BigInt(child.node.chainId), m.nonce)))?.state,
        ),
      );
    await waitFor(
      "every message recorded, the governance one executed",
      async () => (await states()).join() === "executed,skipped,skipped,skipped",
      60_000,
      100,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${(await states()).join()}`);
    });
    expect(await states(), messages.map((m) => m.what).join("; ")).to.deep.equal([
      "executed",
      "skipped",
      "skipped",
      "skipped",
    ]);
    expect(await guardianOf(lookAlike)).to.equal("0x0000000000000000000000000000000000000000");
  });
});

async function deployReceiver(node: HardhatNode, args: readonly unknown[]): Promise<Address> {
  return getAddress((await deploy(node, "governance/GovernanceReceiver.sol/GovernanceReceiver.json", args)).address);
}

async function nextNonce(client: BridgeNetwork["child"]["client"], outbox: Address, dest: bigint): Promise<bigint> {
  return client.readContract({
    address: outbox,
    abi: parseAbi(["function messageCount(uint256) view returns (uint256)"]),
    functionName: "messageCount",
    args: [dest],
  });
}
