/**
 * Governance's second hop (Ethereum and BNB Chain are reached through BTTC) delivered by the relayer:
 * real `hardhat node` processes (BTTC 199, Ethereum 1, and BNB Chain 56 standing in for the staking
 * home), a relayer process running the message executor, a test-side checkpointer. The home
 * "timelock" sends the leg the SDK encodes for a proposal action on Ethereum; the relayer executes
 * it on BTTC, whose receiver sends the second hop; the relayer executes that on Ethereum, once. A
 * forged second hop (someone else sending Ethereum's receiver governance-looking calls through
 * BTTC's Outbox) is skipped by the relayer and refused by the receiver when its sender executes it.
 */
import { expect } from "chai";

import { decodeFunctionData, encodeFunctionData, getAddress, parseAbi, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { buildMessageProof, executeMessage, inboxAbi, outboxAbi } from "@btt-network/sdk/bridge";
import type { DeploymentManifest } from "@btt-network/sdk/deployments";
import {
  encodeGovernancePayload,
  encodeProposal,
  governanceAction,
  governanceReceiverAbi,
} from "@btt-network/sdk/governance";
import type { RelayerHandle } from "../../relayer/src/Relayer.ts";
import { messageId } from "../../relayer/src/duties/messages/streams.ts";
import {
  deploy,
  deployBridgeNetwork,
  fundedUser,
  send,
  walletFor,
  writeMessagesConfig,
  type BridgeNetwork,
} from "./support/bridge.ts";
import { waitFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";
import { startInProcess } from "./support/relayer.ts";

const ownableAbi = parseAbi([
  "function transferOwnership(address newOwner)",
  "function owner() view returns (address)",
]);
const countAbi = parseAbi(["function messageCount(uint256) view returns (uint256)"]);
const zero = "0x0000000000000000000000000000000000000000" as Address;
const newAddress = (): Address => privateKeyToAccount(generatePrivateKey()).address;

function manifestOf(network: string, chainId: number, role: "root" | "child", contracts: Record<string, Address>) {
  return {
    version: 1,
    network,
    chainId,
    role,
    ...(network === "home" ? { stakingHome: true } : {}),
    deployedAt: "2026-12-07T00:00:00Z",
    release: "test",
    contracts: Object.fromEntries(
      Object.entries(contracts).map(([key, address]) => [key, { address, blockNumber: 1n, contractName: key }]),
    ),
  } satisfies DeploymentManifest;
}

describe("Relayer message executor: governance's second hop through BTTC, once; a forged hop refused", function () {
  this.timeout(180_000);
  let nodes: HardhatNode[];
  let net: BridgeNetwork;
  let relayer: RelayerHandle | undefined;

  before(async function () {
    nodes = await Promise.all([sharedNode(199), sharedNode(1), sharedNode(56)]);
    net = await deployBridgeNetwork(nodes[0]!, nodes.slice(1));
  });
  after(async function () {
    await net.checkpointer.stop();
    await relayer?.stop("test done");
  });

  it("executes home -> BTTC -> Ethereum: the BTTC receiver's message checkpointed to Ethereum and run there once", async function () {
    const [child, eth, home] = [net.child, net.roots[0]!, net.roots[1]!];
    const executor = await fundedUser(nodes);
    const timelock = await fundedUser(nodes); // stands in for the home timelock on the home (chain 56 here)
    const attacker = await fundedUser(nodes);
    const [bttcId, ethId, homeId] = [child, eth, home].map((s) => BigInt(s.node.chainId)) as [bigint, bigint, bigint];

    // BTTC's receiver obeys the home timelock; Ethereum's obeys BTTC's receiver. Each owns its bridge.
    const bttcReceiver = await deployReceiver(child.node, [child.inbox, homeId, timelock.address, zero, 86_400n]);
    const ethReceiver = await deployReceiver(eth.node, [eth.inbox, bttcId, bttcReceiver, zero, 86_400n]);
    for (const [side, receiver] of [
      [child, bttcReceiver],
      [eth, ethReceiver],
    ] as const) {
      await send(side.node, {
        address: side.bridge,
        abi: ownableAbi,
        functionName: "transferOwnership",
        args: [receiver],
      });
      await send(side.node, {
        address: receiver,
        abi: governanceReceiverAbi,
        functionName: "acceptOwnerships",
        args: [[side.bridge]],
      });
    }

    // The leg a proposal's action on Ethereum becomes (SDK): to BTTC's receiver, whose one call sends the calls on.
    const chosen = newAddress();
    const setGuardian = (guardian: Address) =>
      encodeFunctionData({ abi: governanceReceiverAbi, functionName: "setGuardian", args: [guardian] });
    const manifests = [
      manifestOf("home", Number(homeId), "root", { outbox: home.outbox }),
      manifestOf("bttc", Number(bttcId), "child", { governanceReceiver: bttcReceiver, outbox: child.outbox }),
      manifestOf("ethereum", Number(ethId), "root", { governanceReceiver: ethReceiver, outbox: eth.outbox }),
    ];
    const action = governanceAction(manifests, {
      chain: "ethereum",
      calls: [{ target: ethReceiver, data: setGuardian(chosen) }],
    });
    expect(action.chain).to.equal("relayed");
    const { calldatas, targets } = encodeProposal({ homeReceiver: zero, outbox: home.outbox }, [action], "guardian");
    const leg = decodeFunctionData({ abi: outboxAbi, data: calldatas[0]! });
    if (leg.functionName !== "send") throw new Error("expected an Outbox send");
    const firstNonce = await count(home, bttcId);
    const secondNonce = await count(child, ethId);
    await send(home.node, { address: targets[0]!, abi: outboxAbi, functionName: "send", args: leg.args }, timelock.key);

    const config = writeMessagesConfig({ net, key: executor.key, withdrawals: {} });
    relayer = await startInProcess(config, {}, "warn");
    net.checkpointer.start(150);
    const guardianOf = (address: Address) =>
      eth.client.readContract({ address, abi: governanceReceiverAbi, functionName: "guardian" });
    await waitFor(
      "the second hop executed on Ethereum",
      async () => (await guardianOf(ethReceiver)) === chosen,
      90_000,
      100,
    );

    const store = relayer.store;
    const stateOf = async (source: bigint, dest: bigint, nonce: bigint) =>
      (await store.getRecord("messages", messageId(source, dest, nonce)))?.state;
    await waitFor(
      "both hops recorded executed",
      async () =>
        (await stateOf(homeId, bttcId, firstNonce)) === "executed" &&
        (await stateOf(bttcId, ethId, secondNonce)) === "executed",
      30_000,
      100,
    );
    // Once: one GovernanceExecuted on Ethereum, for BTTC's message.
    const runs = await eth.client.getContractEvents({
      address: ethReceiver,
      abi: governanceReceiverAbi,
      eventName: "GovernanceExecuted",
      fromBlock: 0n,
    });
    expect(runs.map((e) => [e.args.sourceChainId, e.args.nonce])).to.deep.equal([[bttcId, secondNonce]]);

    // A forged second hop: the attacker sends Ethereum's receiver a governance payload through BTTC's Outbox.
    const forgedNonce = await count(child, ethId);
    const payload = encodeGovernancePayload([{ target: ethReceiver, data: setGuardian(attacker.address) }]);
    await send(
      child.node,
      { address: child.outbox, abi: outboxAbi, functionName: "send", args: [ethId, ethReceiver, payload] },
      attacker.key,
    );
    await waitFor(
      "the forged hop recorded and skipped (the relayer does not pay for it)",
      async () => (await stateOf(bttcId, ethId, forgedNonce)) === "skipped",
      30_000,
      100,
    );
    // Its sender executes it through the Inbox at its own cost once checkpointed: Ethereum's receiver refuses it.
    await waitFor(
      "the forged hop checkpointed on Ethereum",
      async () =>
        (
          await eth.client.readContract({
            address: eth.inbox,
            abi: inboxAbi,
            functionName: "sourceState",
            args: [bttcId],
          })
        ).messageCount > forgedNonce,
      30_000,
      100,
    );
    const message = {
      sourceChainId: bttcId,
      destChainId: ethId,
      nonce: forgedNonce,
      sender: getAddress(attacker.address),
      target: ethReceiver,
      payload,
    };
    const proof = await buildMessageProof(child.client, eth.client, {
      outbox: child.outbox,
      inbox: eth.inbox,
      message,
    });
    const result = await executeMessage(walletFor(eth.node, attacker.key), { inbox: eth.inbox, proof });
    expect(result.delivered, "Ethereum's receiver obeys BTTC's receiver only").to.equal(false);
    const failed = await eth.client.readContract({
      address: eth.inbox,
      abi: inboxAbi,
      functionName: "hasFailed",
      args: [bttcId, forgedNonce],
    });
    expect(failed).to.equal(true);
    expect(await guardianOf(ethReceiver)).to.equal(chosen);
    expect(await eth.client.readContract({ address: eth.bridge, abi: ownableAbi, functionName: "owner" })).to.equal(
      ethReceiver,
    );
  });
});

async function deployReceiver(node: HardhatNode, args: readonly unknown[]): Promise<Address> {
  return getAddress((await deploy(node, "governance/GovernanceReceiver.sol/GovernanceReceiver.json", args)).address);
}

function count(side: BridgeNetwork["child"], dest: bigint): Promise<bigint> {
  return side.client.readContract({ address: side.outbox, abi: countAbi, functionName: "messageCount", args: [dest] });
}
