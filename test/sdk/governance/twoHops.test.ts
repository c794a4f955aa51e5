/**
 * Governance legs to Ethereum (and BNB Chain) through BTTC, through the SDK: `governanceAction`
 * routes an action named by its chain from the manifests (home, one leg to BTTC, two legs through
 * BTTC to a root chain that is not the home), `encodeProposal` nests the second hop, and
 * `getCrossChainLegs` follows both hops. On four in-process chains with a real BttTimelock as the
 * home's sender (the Governor's part is test/sdk/governance/governance.test.ts); a forged second
 * hop is refused on Ethereum. Plus a bad-input table: each wrong input and the typed error it gives.
 */
import { expect } from "chai";
import { encodeFunctionData, getAddress, keccak256, parseEther, toHex, type Address, type Hash } from "viem";

import { childBridgeAbi, rootBridgeAbi } from "../../../sdk/src/bridge/index.ts";
import type { DeploymentManifest } from "../../../sdk/src/deployments/index.ts";
import {
  InvalidProposalError,
  MissingGovernanceContractError,
  NoGovernanceRouteError,
  UnknownGovernanceChainError,
  encodeGovernancePayload,
  encodeProposal,
  getCrossChainLegs,
  governanceAction,
  governanceHome,
  governanceReceiverAbi,
  type GovernanceManifests,
} from "../../../sdk/src/governance/index.ts";
import { deliver, deployBridge, relayCheckpoint } from "../bridge/support/fixture.ts";

const zero = "0x0000000000000000000000000000000000000000" as Address;
const at = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);
const entry = (address: Address, contractName: string) => ({ address, blockNumber: 1n, contractName });

function manifest(
  network: string,
  chainId: number,
  role: "root" | "child",
  contracts: Record<string, Address>,
  stakingHome = false,
): DeploymentManifest {
  return {
    version: 1,
    network,
    chainId,
    role,
    ...(stakingHome ? { stakingHome } : {}),
    deployedAt: "2026-12-07T00:00:00Z",
    release: "test",
    contracts: Object.fromEntries(Object.entries(contracts).map(([k, a]) => [k, entry(a, k)])),
  };
}

const home = { governor: at(1), timelock: at(2), governanceReceiver: at(3), outbox: at(4) };
const tronM = manifest("tron", 728126428, "root", home, true);
const bttcM = manifest("bttc", 199, "child", { governanceReceiver: at(5), outbox: at(6) });
const ethM = manifest("ethereum", 1, "root", { governanceReceiver: at(7), outbox: at(8) });
const calls = [{ target: at(9), data: "0x12345678" as const }];
const without = (m: DeploymentManifest, key: string): DeploymentManifest => ({
  ...m,
  contracts: Object.fromEntries(Object.entries(m.contracts).filter(([k]) => k !== key)),
});

describe("sdk governance: two-hop legs through BTTC", function () {
  this.timeout(180_000);

  it("routes each action from the manifests: home, one leg to BTTC, two legs to Ethereum", () => {
    const manifests = { tron: tronM, bttc: bttcM, ethereum: ethM };
    expect(governanceAction(manifests, { chain: "tron", calls })).to.deep.equal({ chain: "home", calls });
    expect(governanceAction([tronM, bttcM], { chain: "bttc", calls })).to.deep.equal({
      chain: "remote",
      destChainId: 199,
      receiver: at(5),
      calls,
    });
    const relayed = governanceAction(manifests, { chain: "ethereum", calls });
    expect(relayed).to.deep.equal({
      chain: "relayed",
      via: { chainId: 199, receiver: at(5), outbox: at(6) },
      destChainId: 1,
      receiver: at(7),
      calls,
    });
    // Encoded: the timelock calls the home Outbox once, to BTTC's receiver, whose one call sends the calls on.
    const proposal = encodeProposal(governanceHome(manifests), [relayed], "two hops");
    expect(proposal.targets).to.deep.equal([at(4)]);
    const secondHop = encodeFunctionData({
      abi: [
        {
          type: "function",
          name: "send",
          stateMutability: "nonpayable",
          inputs: [
            { name: "destChainId", type: "uint256" },
            { name: "target", type: "address" },
            { name: "payload", type: "bytes" },
          ],
          outputs: [{ type: "uint256" }],
        },
      ] as const,
      functionName: "send",
      args: [1n, at(7), encodeGovernancePayload(calls)],
    });
    const firstHop = encodeProposal(
      governanceHome(manifests),
      [{ chain: "remote", destChainId: 199, receiver: at(5), calls: [{ target: at(6), data: secondHop }] }],
      "two hops",
    );
    expect(proposal.calldatas).to.deep.equal(firstHop.calldatas);
    expect(governanceHome([tronM])).to.deep.equal({
      chainId: 728126428,
      governor: at(1),
      timelock: at(2),
      homeReceiver: at(3),
      outbox: at(4),
    });
  });

  it("refuses bad inputs with a typed error that says what to do", () => {
    const table: [string, GovernanceManifests, string, new (...a: never[]) => Error, RegExp][] = [
      [
        "an unknown chain",
        [tronM, bttcM, ethM],
        "polygon",
        UnknownGovernanceChainError,
        /No manifest for chain "polygon"/,
      ],
      [
        "a chain by id, not by name",
        [tronM, bttcM, ethM],
        "1",
        UnknownGovernanceChainError,
        /one of tron, bttc, ethereum/,
      ],
      [
        "a target chain without a receiver",
        [tronM, bttcM, without(ethM, "governanceReceiver")],
        "ethereum",
        MissingGovernanceContractError,
        /ethereum manifest has no governanceReceiver/,
      ],
      [
        "BTTC without a receiver (it sends the second hop)",
        [tronM, without(bttcM, "governanceReceiver"), ethM],
        "ethereum",
        MissingGovernanceContractError,
        /bttc manifest has no governanceReceiver/,
      ],
      [
        "BTTC without an Outbox",
        [tronM, without(bttcM, "outbox"), ethM],
        "ethereum",
        MissingGovernanceContractError,
        /bttc manifest has no outbox/,
      ],
      ["Ethereum without BTTC's manifest", [tronM, ethM], "ethereum", NoGovernanceRouteError, /pass BTTC's manifest/],
      [
        "no staking home",
        [bttcM, ethM],
        "ethereum",
        MissingGovernanceContractError,
        /No manifest is the staking home's/,
      ],
      ["no manifests", {}, "tron", UnknownGovernanceChainError, /\(none given\)/],
    ];
    for (const [what, manifests, chain, type, message] of table) {
      let error: unknown;
      try {
        governanceAction(manifests, { chain, calls });
      } catch (e) {
        error = e;
      }
      expect(error, what).to.be.instanceOf(type);
      expect(error, what).to.be.instanceOf(InvalidProposalError);
      expect((error as Error).message, what).to.match(message);
      expect((error as { hints: string[] }).hints.length, what).to.be.greaterThan(0);
    }
    const relayed = governanceAction([tronM, bttcM, ethM], { chain: "ethereum", calls });
    if (relayed.chain !== "relayed") throw new Error("expected a relayed action");
    const homeContracts = governanceHome([tronM]);
    const badInputs: [string, () => unknown, RegExp][] = [
      [
        "a home without governance",
        () => governanceHome([without(tronM, "timelock")]),
        /tron manifest has no timelock/,
      ],
      [
        "a relayed action without calls",
        () => encodeProposal(homeContracts, [{ ...relayed, calls: [] }], "x"),
        /no calls/,
      ],
      [
        "a relayed action through its own destination",
        () => encodeProposal(homeContracts, [{ ...relayed, destChainId: 199 }], "x"),
        /through another chain than its destination/,
      ],
      [
        "a relayed action without the home Outbox",
        () => encodeProposal({ homeReceiver: at(3) }, [relayed], "x"),
        /needs the home Outbox/,
      ],
    ];
    for (const [what, run, message] of badInputs) expect(run, what).to.throw(InvalidProposalError, message);
  });

  it("carries an action to Ethereum in two hops, reports both, runs it once; a forged second hop is refused", async () => {
    const d = await deployBridge();
    const { bttc } = d;
    const { tron, ethereum: eth } = d.roots;
    const mined = async (hash: Hash, client = tron.publicClient) => {
      const receipt = await client.waitForTransactionReceipt({ hash });
      expect(receipt.status).to.equal("success");
      return receipt;
    };
    // The home timelock (a real BttTimelock; tron.alice proposes and executes in place of the Governor).
    const timelock = await tron.viem.deployContract("BttTimelock", [
      60n,
      [tron.alice.account.address],
      [tron.alice.account.address],
      zero,
    ]);
    const bttcReceiver = await bttc.viem.deployContract("GovernanceReceiver", [
      bttc.inbox.address,
      tron.chainId,
      timelock.address,
      zero,
      3600n,
    ]);
    const ethReceiver = await eth.viem.deployContract("GovernanceReceiver", [
      eth.inbox.address,
      199n,
      bttcReceiver.address,
      zero,
      3600n,
    ]);
    await mined(await bttc.bridge.write.transferOwnership([bttcReceiver.address]), bttc.publicClient);
    await mined(await bttcReceiver.write.acceptOwnerships([[bttc.bridge.address]]), bttc.publicClient);
    await mined(await eth.bridge.write.transferOwnership([ethReceiver.address]), eth.publicClient);
    await mined(await ethReceiver.write.acceptOwnerships([[eth.bridge.address]]), eth.publicClient);

    const manifests = {
      tron: manifest(
        "tron",
        728126428,
        "root",
        { ...home, timelock: timelock.address, outbox: tron.outbox.address },
        true,
      ),
      bttc: manifest("bttc", 199, "child", { governanceReceiver: bttcReceiver.address, outbox: bttc.outbox.address }),
      ethereum: manifest("ethereum", 1, "root", {
        governanceReceiver: ethReceiver.address,
        outbox: eth.outbox.address,
      }),
    };
    const ethFee = parseEther("0.002");
    const bttcFee = parseEther("0.003");
    const actions = [
      governanceAction(manifests, {
        chain: "ethereum",
        calls: [
          {
            target: eth.bridge.address,
            data: encodeFunctionData({ abi: rootBridgeAbi, functionName: "setFee", args: [ethFee] }),
          },
        ],
      }),
      governanceAction(manifests, {
        chain: "bttc",
        calls: [
          {
            target: bttc.bridge.address,
            data: encodeFunctionData({ abi: childBridgeAbi, functionName: "setFee", args: [bttcFee] }),
          },
        ],
      }),
    ];
    expect(actions.map((a) => a.chain)).to.deep.equal(["relayed", "remote"]);
    const governance = governanceHome(manifests);
    const proposal = encodeProposal(governance, actions, "Ethereum fee 0.002 through BTTC; BTTC fee 0.003");
    const salt = keccak256(toHex(proposal.description));
    const batch = [
      proposal.targets,
      proposal.values,
      proposal.calldatas,
      `0x${"00".repeat(32)}` as const,
      salt,
    ] as const;
    await mined(await timelock.write.scheduleBatch([...batch, 60n], { account: tron.alice.account }));
    await tron.connection.provider.request({ method: "evm_increaseTime", params: [60] });
    const executed = await mined(await timelock.write.executeBatch([...batch], { account: tron.alice.account }));

    const legsOf = () =>
      getCrossChainLegs(tron.publicClient, {
        hash: executed.transactionHash,
        outbox: governance.outbox,
        timelock: governance.timelock,
        destinations: {
          "199": { client: bttc.publicClient, inbox: bttc.inbox.address, outbox: bttc.outbox.address },
          "1": { client: eth.publicClient, inbox: eth.inbox.address },
        },
      });
    const view = async () =>
      (await legsOf()).map((l) => [
        l.destChainId,
        l.status,
        l.forwarded.map((f) => [f.destChainId, f.nonce, f.status]),
      ]);
    expect(await view()).to.deep.equal([
      [199n, "waiting-for-checkpoint", [[1n, undefined, "not-sent"]]],
      [199n, "waiting-for-checkpoint", []],
    ]);
    const [toEth, toBttc] = await legsOf();
    expect(toEth!.forwarded[0]!.receiver).to.equal(getAddress(ethReceiver.address));

    // First hop: TRON -> BTTC, checkpointed and delivered; BTTC's receiver sends the second hop.
    await relayCheckpoint(tron, bttc);
    for (const leg of [toEth!, toBttc!]) {
      const delivered = await deliver(tron, bttc, {
        sourceChainId: tron.chainId,
        destChainId: 199n,
        nonce: leg.nonce,
        sender: getAddress(timelock.address),
        target: leg.receiver,
        payload: leg.payload,
      });
      expect(delivered.delivered).to.equal(true);
    }
    expect(await bttc.bridge.read.fee()).to.equal(bttcFee);
    const nonce = (await legsOf())[0]!.forwarded[0]!.nonce;
    expect(nonce).to.be.a("bigint");
    expect(await view()).to.deep.equal([
      [199n, "executed", [[1n, nonce, "waiting-for-checkpoint"]]],
      [199n, "executed", []],
    ]);

    // Second hop: BTTC -> Ethereum.
    await relayCheckpoint(bttc, eth);
    expect((await legsOf())[0]!.forwarded[0]!.status).to.equal("ready-to-execute");
    const hop = (await legsOf())[0]!.forwarded[0]!;
    const second = {
      sourceChainId: 199n,
      destChainId: 1n,
      nonce: nonce!,
      sender: getAddress(bttcReceiver.address),
      target: hop.receiver,
      payload: hop.payload,
    };
    expect((await deliver(bttc, eth, second)).delivered).to.equal(true);
    expect(await eth.bridge.read.fee()).to.equal(ethFee);
    expect((await legsOf())[0]!.forwarded[0]!.status).to.equal("executed");
    // Once: the Inbox refuses the same message again.
    const again = await deliver(bttc, eth, second).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(again, "a second execution").to.be.instanceOf(Error);
    const runs = await eth.publicClient.getContractEvents({
      address: ethReceiver.address,
      abi: governanceReceiverAbi,
      eventName: "GovernanceExecuted",
      fromBlock: 0n,
    });
    expect(runs.map((e) => [e.args.sourceChainId, e.args.nonce])).to.deep.equal([[199n, nonce]]);

    // A forged second hop: someone else sends Ethereum's receiver "governance" calls through BTTC's Outbox.
    const forgedPayload = encodeGovernancePayload([
      {
        target: eth.bridge.address,
        data: encodeFunctionData({ abi: rootBridgeAbi, functionName: "setFee", args: [0n] }),
      },
    ]);
    const forgedNonce = await bttc.outbox.read.messageCount([1n]);
    await mined(
      await bttc.outbox.write.send([1n, ethReceiver.address, forgedPayload], { account: bttc.bob.account }),
      bttc.publicClient,
    );
    await relayCheckpoint(bttc, eth);
    const forged = await deliver(bttc, eth, {
      sourceChainId: 199n,
      destChainId: 1n,
      nonce: forgedNonce,
      sender: getAddress(bttc.bob.account.address),
      target: getAddress(ethReceiver.address),
      payload: forgedPayload,
    });
    expect(forged.delivered, "the receiver refuses a sender other than BTTC's receiver").to.equal(false);
    expect(await eth.bridge.read.fee()).to.equal(ethFee);
    for (const c of [tron, bttc, eth, d.roots.bnb]) await c.connection.close();
  });
});
