/**
 * Staked-BTT governance through the SDK only, on two in-process chains: TRON (728126428, the
 * staking home) and BTTC (199). Validators and a delegator stake; a proposal with a home action
 * (StakeManager.setParams) and a cross-chain leg (the ChildBridge fee on BTTC) is voted with
 * reasons, queued, executed after the timelock delay, and its leg is checkpointed and delivered
 * on BTTC once. Typed errors for each wrong step.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { encodeFunctionData, getAddress, parseEther, type Address, type Hash, type PublicClient } from "viem";

import { childBridgeAbi } from "../../../sdk/src/bridge/index.ts";
import {
  AlreadyVotedError,
  InvalidProposalError,
  ProposalStateError,
  TimelockNotReadyError,
  VotingPowerError,
  castVote,
  encodeProposal,
  executeProposal,
  getCrossChainLegs,
  getProposal,
  getVote,
  governanceActions,
  governorAbi,
  propose,
  queueProposal,
} from "../../../sdk/src/governance/index.ts";
import { approveStaking, delegate, stake, stakeManagerAbi } from "../../../sdk/src/staking/index.ts";
import { deliver, relayCheckpoint, validatorSet, type AnyChain } from "../bridge/support/fixture.ts";
import { BTT, testParams } from "../staking/support/params.ts";

const HOME = 728126428n;
const ROLES = ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"] as const;

async function rejects(promise: Promise<unknown>, type: new (...args: never[]) => Error, contractError?: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${type.name}`).to.be.instanceOf(type);
  if (contractError !== undefined) expect((error as { errorName?: string }).errorName).to.equal(contractError);
}

describe("sdk governance: propose, vote, queue, execute, cross-chain leg (TRON home + BTTC)", function () {
  this.timeout(180_000);

  it("runs a proposal with a home action and a BTTC leg end to end, with typed errors for wrong steps", async () => {
    const tron = await network.create({ network: "tron" });
    const bttc = await network.create({ network: "bttc" });
    const pub = await tron.viem.getPublicClient();
    const bttcPub = await bttc.viem.getPublicClient();
    const [deployer, v1, v2, d1, outsider] = await tron.viem.getWalletClients();
    const [bttcDeployer] = await bttc.viem.getWalletClients();
    if (!deployer || !v1 || !v2 || !d1 || !outsider || !bttcDeployer) throw new Error("accounts");
    const mined = async (hash: Promise<Hash>, client: PublicClient = pub) => {
      const receipt = await client.waitForTransactionReceipt({ hash: await hash });
      expect(receipt.status).to.equal("success");
      return receipt;
    };
    const mine = (blocks: number) =>
      tron.provider.request({ method: "hardhat_mine", params: [`0x${blocks.toString(16)}`] });

    // ---------------------------------------------------------------- the home
    const token = await tron.viem.deployContract("BTTToken", [deployer.account.address]);
    const sm = await tron.viem.deployContract("StakeManager", [token.address, deployer.account.address, testParams]);
    const votes = await tron.viem.deployContract("StakeVotes", [sm.address]);
    await mined(sm.write.setVotes([votes.address]));
    const timelock = await tron.viem.deployContract("BttTimelock", [60n, [], [], deployer.account.address]);
    const governor = await tron.viem.deployContract("BttGovernor", [votes.address, timelock.address, 1, 20, BTT, 4n]);
    for (const role of ROLES) {
      await mined(timelock.write.grantRole([await timelock.read[role](), governor.address]));
    }
    await mined(timelock.write.renounceRole([await timelock.read.DEFAULT_ADMIN_ROLE(), deployer.account.address]));
    const zero = "0x0000000000000000000000000000000000000000" as Address;
    const homeReceiver = await tron.viem.deployContract("GovernanceReceiver", [
      zero,
      HOME,
      timelock.address,
      zero,
      3600n,
    ]);
    const homeVerifier = await tron.viem.deployContract("ValidatorSet", [
      zero,
      1n,
      validatorSet.signers,
      validatorSet.powers,
      86_400n,
    ]);
    const homeInbox = await tron.viem.deployContract("Inbox", [homeVerifier.address]);
    const outbox = await tron.viem.deployContract("Outbox");
    await mined(sm.write.transferOwnership([homeReceiver.address]));
    await mined(homeReceiver.write.acceptOwnerships([[sm.address]]));

    // ---------------------------------------------------------------- BTTC
    const verifier = await bttc.viem.deployContract("ValidatorSet", [
      zero,
      1n,
      validatorSet.signers,
      validatorSet.powers,
      86_400n,
    ]);
    const inbox = await bttc.viem.deployContract("Inbox", [verifier.address]);
    const bttcOutbox = await bttc.viem.deployContract("Outbox");
    const receiver = await bttc.viem.deployContract("GovernanceReceiver", [
      inbox.address,
      HOME,
      timelock.address,
      zero,
      3600n,
    ]);
    const childBridge = await bttc.viem.deployContract("ChildBridge", [
      bttcOutbox.address,
      inbox.address,
      bttcDeployer.account.address,
      0n,
      BTT,
    ]);
    await mined(childBridge.write.transferOwnership([receiver.address]), bttcPub);
    await mined(receiver.write.acceptOwnerships([[childBridge.address]]), bttcPub);

    // ---------------------------------------------------------------- stake
    for (const [who, amount] of [
      [v1, 2_000n * BTT],
      [v2, 1_000n * BTT],
      [d1, 500n * BTT],
    ] as const) {
      await mined(token.write.mint([who.account.address, amount]));
      await mined(approveStaking(who, { token: token.address, stakeManager: sm.address, amount }));
    }
    await mined(
      stake(v1, { stakeManager: sm.address, signer: validatorSet.signers[0]!, amount: 2_000n * BTT, commissionBps: 0 }),
    );
    await mined(
      stake(v2, { stakeManager: sm.address, signer: validatorSet.signers[1]!, amount: 1_000n * BTT, commissionBps: 0 }),
    );
    await mined(delegate(d1, { stakeManager: sm.address, validator: v2.account.address, amount: 500n * BTT }));
    await mine(1);

    // ---------------------------------------------------------------- propose
    const newParams = { ...testParams, rewardPerEpoch: 42n * BTT };
    const actions = [
      {
        chain: "home" as const,
        calls: [
          {
            target: sm.address,
            data: encodeFunctionData({ abi: stakeManagerAbi, functionName: "setParams", args: [newParams] }),
          },
        ],
      },
      {
        chain: "remote" as const,
        destChainId: 199,
        receiver: receiver.address,
        calls: [
          {
            target: childBridge.address,
            data: encodeFunctionData({ abi: childBridgeAbi, functionName: "setFee", args: [parseEther("0.01")] }),
          },
        ],
      },
    ];
    expect(() => encodeProposal({ homeReceiver: homeReceiver.address }, actions, "x")).to.throw(InvalidProposalError);
    const home = { governor: governor.address, homeReceiver: homeReceiver.address, outbox: outbox.address };
    await rejects(
      propose(outsider, { ...home, actions, description: "nobody" }),
      VotingPowerError,
      "GovernorInsufficientProposerVotes",
    );
    const { hash: proposed, proposal } = await propose(v1, {
      ...home,
      actions,
      description: "Reward 42 BTT; BTTC fee 0.01",
    });
    await mined(Promise.resolve(proposed));
    const onChainId = await pub.readContract({
      address: governor.address,
      abi: governorAbi,
      functionName: "hashProposal",
      args: [[...proposal.targets], [...proposal.values], [...proposal.calldatas], proposal.descriptionHash],
    });
    expect(proposal.proposalId).to.equal(onChainId);
    const { proposalId } = proposal;
    expect((await getProposal(pub, { governor: governor.address, proposalId })).state).to.equal("pending");

    // ---------------------------------------------------------------- vote
    await mine(2);
    const gov = v2.extend(governanceActions(home));
    await mined(castVote(d1, { governor: governor.address, proposalId, support: "for", reason: "cheaper rewards" }));
    await mined(gov.castVote({ proposalId, support: "for", reason: "agreed" }));
    await mined(castVote(v1, { governor: governor.address, proposalId, support: "against" }));
    await rejects(
      castVote(d1, { governor: governor.address, proposalId, support: "against" }),
      AlreadyVotedError,
      "GovernorAlreadyCastVote",
    );
    // Each account votes its own stake: the delegator its 500, the validator its own 1,000.
    expect(await getVote(pub, { governor: governor.address, proposalId, voter: d1.account.address })).to.deep.equal({
      hasVoted: true,
      power: 500n * BTT,
    });
    let info = await getProposal(pub, { governor: governor.address, proposalId });
    expect(info.state).to.equal("active");
    expect(info.votes).to.deep.equal({ against: 2_000n * BTT, for: 1_500n * BTT, abstain: 0n });
    expect(info.quorum).to.equal((3_500n * BTT * 4n) / 100n);

    // More for than against? Not yet: the validator with 2,000 voted against. v1 cannot change it;
    // the proposal is defeated unless more stake votes for. A second proposal shows the pass path.
    await mine(21);
    expect((await getProposal(pub, { governor: governor.address, proposalId })).state).to.equal("defeated");
    await rejects(
      queueProposal(v1, { governor: governor.address, proposal }),
      ProposalStateError,
      "GovernorUnexpectedProposalState",
    );

    const second = await propose(v2, { ...home, actions, description: "Reward 42 BTT; BTTC fee 0.01 (again)" });
    await mined(Promise.resolve(second.hash));
    await mine(2);
    for (const voter of [v1, v2, d1]) {
      await mined(
        castVote(voter, {
          governor: governor.address,
          proposalId: second.proposal.proposalId,
          support: "for",
          reason: "yes",
        }),
      );
    }
    await mine(21);
    expect(
      (await getProposal(pub, { governor: governor.address, proposalId: second.proposal.proposalId })).state,
    ).to.equal("succeeded");
    // Not queued: the timelock has no such operation.
    await rejects(
      executeProposal(v1, { governor: governor.address, proposal: second.proposal }),
      TimelockNotReadyError,
      "TimelockUnexpectedOperationState",
    );
    await mined(gov.queueProposal({ proposal: second.proposal }));
    info = await getProposal(pub, { governor: governor.address, proposalId: second.proposal.proposalId });
    expect(info.state).to.equal("queued");
    expect(info.eta > 0n).to.equal(true);
    await rejects(
      executeProposal(v1, { governor: governor.address, proposal: second.proposal }),
      TimelockNotReadyError,
      "TimelockUnexpectedOperationState",
    );
    await tron.provider.request({ method: "evm_increaseTime", params: [60] });
    await mine(1);
    const executed = await mined(executeProposal(outsider, { governor: governor.address, proposal: second.proposal }));
    expect(
      (await getProposal(pub, { governor: governor.address, proposalId: second.proposal.proposalId })).state,
    ).to.equal("executed");
    expect((await sm.read.params()).rewardPerEpoch).to.equal(42n * BTT);

    // ---------------------------------------------------------------- the cross-chain leg
    const legsOf = () =>
      getCrossChainLegs(pub, {
        hash: executed.transactionHash,
        outbox: outbox.address,
        timelock: timelock.address,
        destinations: { "199": { client: bttcPub, inbox: inbox.address } },
      });
    let legs = await legsOf();
    expect(legs.map((l) => [l.destChainId, l.receiver, l.status])).to.deep.equal([
      [199n, getAddress(receiver.address), "waiting-for-checkpoint"],
    ]);
    const from = { publicClient: pub, outbox, inbox: homeInbox, deployer } as unknown as AnyChain;
    const to = { publicClient: bttcPub, outbox: bttcOutbox, inbox, deployer: bttcDeployer } as unknown as AnyChain;
    await relayCheckpoint(from, to);
    expect((await legsOf())[0]!.status).to.equal("ready-to-execute");
    const leg = legs[0]!;
    const delivered = await deliver(from, to, {
      sourceChainId: HOME,
      destChainId: 199n,
      nonce: leg.nonce,
      sender: getAddress(timelock.address),
      target: leg.receiver,
      payload: leg.payload,
    });
    expect(delivered.delivered).to.equal(true);
    expect(await childBridge.read.fee()).to.equal(parseEther("0.01"));
    legs = await legsOf();
    expect(legs[0]!.status).to.equal("executed");
    await tron.close();
    await bttc.close();
  });
});
