/**
 * A full epoch story on two simulated chains, driven through the SDK only:
 * BTTC (199) is the staking home; Ethereum (1) verifies with a committed set.
 * 4 validators stake, 2 delegators delegate, epochs advance with rewards, the new set is carried to
 * Ethereum by a signed rotation, a checkpoint verifies there, and a double sign is slashed.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, parseEventLogs, zeroAddress, type Hash, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { hashMessage, type Checkpoint } from "../../../sdk/src/messages/index.ts";
import {
  QuorumNotReachedError,
  QuorumRejectedError,
  StakeAmountError,
  WithdrawNotReadyError,
  WrongDestinationError,
  advanceEpoch,
  approveStaking,
  buildDoubleSignEvidence,
  buildQuorumProof,
  buildRotation,
  claimRewards,
  delegate,
  fundRewards,
  getDelegation,
  getEpoch,
  getUnbond,
  getValidator,
  getVerifierState,
  hashValidatorSet,
  reportDoubleSign,
  rotateValidatorSet,
  setSigner,
  signAll,
  signCheckpoint,
  signRotation,
  stake,
  stakeManagerAbi,
  stakingActions,
  syncValidatorSet,
  unbond,
  validatorSetAbi,
  verifyQuorum,
  withdrawUnbonded,
  type ValidatorSigner,
} from "../../../sdk/src/staking/index.ts";
import { BTT, testParams } from "./support/params.ts";

const params = testParams;

async function expectReject(promise: Promise<unknown>, type: new (...args: never[]) => Error, name: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${name}`).to.be.instanceOf(type);
  expect((error as { contractError?: string }).contractError ?? (error as Error).name).to.equal(name);
}

describe("staking epoch story (SDK, BTTC home + Ethereum verifier)", () => {
  it("stakes, delegates, rewards, rotates to another chain, verifies a checkpoint and slashes a double sign", async () => {
    const home = await network.create({ network: "bttc" });
    const eth = await network.create({ network: "ethereum" });
    const pub = await home.viem.getPublicClient();
    const ethPub = await eth.viem.getPublicClient();
    const [gov, v1, v2, v3, v4, d1, d2, reporter] = await home.viem.getWalletClients();
    const [ethRelayer, inbox] = await eth.viem.getWalletClients();
    if (!gov || !v1 || !v2 || !v3 || !v4 || !d1 || !d2 || !reporter || !ethRelayer || !inbox)
      throw new Error("accounts");
    const mined = async (hash: Promise<Hash>, client = pub) => {
      const receipt = await client.waitForTransactionReceipt({ hash: await hash });
      expect(receipt.status).to.equal("success");
      return receipt;
    };

    // ------------------------------------------------------------------ deploy on the home chain
    const token = await home.viem.deployContract("BTTToken", [gov.account.address]);
    const sm = await home.viem.deployContract("StakeManager", [token.address, gov.account.address, params]);
    const homeSet = await home.viem.deployContract("ValidatorSet", [sm.address, 0n, [], [], 0n]);
    const stakeManager = sm.address;
    for (const w of [gov, v1, v2, v3, v4, d1, d2]) {
      await mined(token.write.mint([w.account.address, 100_000n * BTT], { account: gov.account }));
      await mined(approveStaking(w, { token: token.address, stakeManager, amount: 2n ** 255n }));
    }
    await mined(fundRewards(gov, { stakeManager, amount: 10_000n * BTT }));

    // ------------------------------------------------------------------ 4 validators, 2 delegators
    const keys: ValidatorSigner[] = [0, 1, 2, 3].map(() => privateKeyToAccount(generatePrivateKey()));
    const owners = [v1, v2, v3, v4];
    const stakes = [1_000n, 2_000n, 3_000n, 4_000n].map((n) => n * BTT);
    for (let i = 0; i < 4; i++) {
      await mined(
        stake(owners[i]!, { stakeManager, signer: keys[i]!.address, amount: stakes[i]!, commissionBps: 1_000 }),
      );
    }
    await expectReject(
      stake(d1, { stakeManager, signer: d1.account.address, amount: 10n * BTT, commissionBps: 0 }),
      StakeAmountError,
      "StakeManagerBelowMinSelfStake",
    );
    // The decorator binds the StakeManager address.
    const d1Staking = d1.extend(stakingActions({ stakeManager }));
    await mined(d1Staking.delegate({ validator: v1.account.address, amount: 1_000n * BTT }));
    await mined(delegate(d2, { stakeManager, validator: v4.account.address, amount: 500n * BTT }));

    // ------------------------------------------------------------------ epoch 1
    await home.networkHelpers.mine(Number(params.epochLength));
    await mined(advanceEpoch(reporter, { stakeManager }));
    const epoch1 = await getEpoch(pub, { stakeManager });
    expect(epoch1.epoch).to.equal(1n);
    expect(epoch1.totalPower).to.equal(11_500n);
    expect(epoch1.setHash).to.equal(hashValidatorSet(epoch1.members));
    expect(epoch1.members.map((m) => BigInt(m.signer))).to.deep.equal(
      keys.map((k) => BigInt(k.address)).sort((a, b) => (a < b ? -1 : 1)),
    );
    await mined(syncValidatorSet(reporter, { validatorSet: homeSet.address }));
    expect((await getVerifierState(pub, { validatorSet: homeSet.address })).setHash).to.equal(epoch1.setHash);

    // Ethereum's verifier starts from the epoch-1 set (trusted deployment).
    const ethSet = await eth.viem.deployContract("ValidatorSet", [
      zeroAddress,
      1n,
      epoch1.members.map((m) => m.signer),
      epoch1.members.map((m) => m.power),
      3_600n,
    ]);

    // ------------------------------------------------------------------ epoch 2: changes and rewards
    const newKey = privateKeyToAccount(generatePrivateKey());
    await mined(setSigner(v3, { stakeManager, newSigner: newKey.address }));
    await mined(delegate(d2, { stakeManager, validator: v2.account.address, amount: 2_500n * BTT }));
    await home.networkHelpers.mine(Number(params.epochLength));
    await mined(advanceEpoch(reporter, { stakeManager }));
    const epoch2 = await getEpoch(pub, { stakeManager });
    expect(epoch2.epoch).to.equal(2n);
    expect(epoch2.totalPower).to.equal(14_000n);
    expect(epoch2.members.some((m) => getAddress(m.signer) === newKey.address)).to.equal(true);

    // Epoch 1 paid 100 BTT by power: v1's pool had 2000 of 11500, commission 10%, d1 holds half.
    const v1Reward = (100n * BTT * 2_000n) / 11_500n;
    const d1Share = (v1Reward - v1Reward / 10n) / 2n;
    const d1Position = await getDelegation(pub, {
      stakeManager,
      validator: v1.account.address,
      delegator: d1.account.address,
    });
    expect(d1Position.pendingRewards).to.equal(d1Share);
    expect(d1Position.stake).to.equal(1_000n * BTT);
    const before = await token.read.balanceOf([d1.account.address]);
    await mined(claimRewards(d1, { stakeManager, validator: v1.account.address }));
    expect((await token.read.balanceOf([d1.account.address])) - before).to.equal(d1Share);

    // ------------------------------------------------------------------ rotation carried to Ethereum
    const ethState = await getVerifierState(ethPub, { validatorSet: ethSet.address });
    const rotation = buildRotation({
      destChainId: 1n,
      destContract: ethSet.address,
      epoch: ethState.epoch,
      newEpoch: epoch2.epoch,
      newMembers: epoch2.members,
    });
    expect(rotation.newSetHash).to.equal(epoch2.setHash);
    // v4 (4000 + 500) and v3 (3000) hold 7500 of 11500: not enough; v2 (2000) tips it over.
    const epoch1Signers = [keys[3]!, keys[2]!];
    const tooFew = await signAll(epoch1Signers, rotation, signRotation);
    expect(() => buildQuorumProof({ members: epoch1.members, signatures: tooFew })).to.throw(QuorumNotReachedError);
    const rotationSigs = await signAll([...epoch1Signers, keys[1]!], rotation, signRotation);
    const rotationProof = buildQuorumProof({ members: epoch1.members, signatures: rotationSigs });
    await mined(
      rotateValidatorSet(ethRelayer, {
        validatorSet: ethSet.address,
        rotation,
        newMembers: epoch2.members,
        proof: rotationProof,
      }),
      ethPub,
    );
    const rotated = await getVerifierState(ethPub, { validatorSet: ethSet.address });
    const rotatedAt = (await ethPub.getBlock()).timestamp;
    expect(rotated).to.deep.equal({
      epoch: 2n,
      setHash: epoch2.setHash,
      totalPower: 14_000n,
      expiresAt: rotatedAt + params.setMaxAge,
    });
    expect(rotated.expiresAt).to.be.greaterThan(ethState.expiresAt);
    // The same rotation cannot be replayed.
    await expectReject(
      rotateValidatorSet(ethRelayer, {
        validatorSet: ethSet.address,
        rotation,
        newMembers: epoch2.members,
        proof: rotationProof,
      }),
      WrongDestinationError,
      "ValidatorSetWrongEpoch",
    );

    // ------------------------------------------------------------------ a checkpoint verified on Ethereum
    const checkpoint: Checkpoint = {
      sourceChainId: 199n,
      destChainId: 1n,
      destContract: inbox.account.address,
      epoch: 2n,
      startBlock: 1n,
      endBlock: 64n,
      blockRoot: `0x${"b1".repeat(32)}` as Hex,
      messageRoot: `0x${"3e".repeat(32)}` as Hex,
      messageCount: 3n,
    };
    const epoch2Keys = [keys[0]!, keys[1]!, newKey, keys[3]!];
    const cpSigs = await signAll(epoch2Keys.slice(1), checkpoint, signCheckpoint); // 4500 + 3000 + 4500 of 14000
    const cpProof = buildQuorumProof({ members: epoch2.members, signatures: cpSigs });
    const digest = hashMessage("Checkpoint", checkpoint);
    expect(await verifyQuorum(ethPub, { validatorSet: ethSet.address, digest, proof: cpProof })).to.equal(12_000n);
    const verified = await ethPub.readContract({
      address: ethSet.address,
      abi: validatorSetAbi,
      functionName: "verifyCheckpoint",
      args: [checkpoint, cpProof],
      account: inbox.account.address,
    });
    expect(verified).to.equal(digest);
    // The same signatures for another destination chain are refused there.
    const forBnb = { ...checkpoint, destChainId: 56n };
    const bnbProof = buildQuorumProof({
      members: epoch2.members,
      signatures: await signAll(epoch2Keys, forBnb, signCheckpoint),
    });
    const wrongChain = await ethPub
      .readContract({
        address: ethSet.address,
        abi: validatorSetAbi,
        functionName: "verifyCheckpoint",
        args: [forBnb, bnbProof],
        account: inbox.account.address,
      })
      .then(
        () => "accepted",
        (e: unknown) => String(e),
      );
    expect(wrongChain).to.match(/ValidatorSetWrongChain/);
    // Signatures of the old set no longer verify.
    const oldProof = buildQuorumProof({
      members: epoch1.members,
      signatures: await signAll(keys, checkpoint, signCheckpoint),
    });
    await expectReject(
      verifyQuorum(ethPub, { validatorSet: ethSet.address, digest, proof: oldProof }),
      QuorumRejectedError,
      "ValidatorSetHashMismatch",
    );

    // ------------------------------------------------------------------ a double sign slashed on the home chain
    // Both checkpoints name an epoch of the key's term that has begun (epoch 3 has not).
    const conflicting: Checkpoint = { ...checkpoint, messageRoot: `0x${"66".repeat(32)}` as Hex };
    const first = await signCheckpoint(keys[0]!, checkpoint);
    const second = await signCheckpoint(keys[0]!, conflicting);
    const evidence = await buildDoubleSignEvidence(checkpoint, first.signature, conflicting, second.signature);
    expect(evidence.signer).to.equal(keys[0]!.address);
    const v1Before = await getValidator(pub, { stakeManager, validator: v1.account.address });
    const receipt = await mined(reportDoubleSign(reporter, { stakeManager, evidence }));
    const [slashed] = parseEventLogs({ abi: stakeManagerAbi, logs: receipt.logs, eventName: "DoubleSignSlashed" });
    const expectedSlash = v1Before.stake / 10n;
    expect(slashed?.args.slashed).to.equal(expectedSlash);
    expect(await token.read.balanceOf([reporter.account.address])).to.equal(expectedSlash / 10n);
    const v1After = await getValidator(pub, { stakeManager, validator: v1.account.address });
    expect(v1After.jailed).to.equal(true);
    expect(v1After.inNextSet).to.equal(false);
    expect(v1After.stake).to.equal(v1Before.stake - expectedSlash);
    // d1's delegation lost 10% too; it unbonds and waits out the delay.
    const d1Now = await getDelegation(pub, {
      stakeManager,
      validator: v1.account.address,
      delegator: d1.account.address,
    });
    expect(d1Now.stake).to.equal(900n * BTT);
    const unbondReceipt = await mined(
      unbond(d1, { stakeManager, validator: v1.account.address, shares: d1Now.shares }),
    );
    const [unbonded] = parseEventLogs({ abi: stakeManagerAbi, logs: unbondReceipt.logs, eventName: "Unbonded" });
    const unbondId = unbonded!.args.unbondId;
    await expectReject(
      withdrawUnbonded(d1, { stakeManager, unbondId }),
      WithdrawNotReadyError,
      "StakeManagerEarlyWithdraw",
    );
    for (let i = 0n; i < params.unbondingEpochs; i++) {
      await home.networkHelpers.mine(Number(params.epochLength));
      await mined(advanceEpoch(reporter, { stakeManager }));
    }
    const pending = await getUnbond(pub, { stakeManager, delegator: d1.account.address, unbondId });
    expect(pending?.withdrawable).to.equal(true);
    expect(pending?.amount).to.equal(900n * BTT);
    await mined(withdrawUnbonded(d1, { stakeManager, unbondId }));
    expect(await getUnbond(pub, { stakeManager, delegator: d1.account.address, unbondId })).to.equal(undefined);

    // The jailed validator's signer left the set of epoch 3 onwards.
    const epoch4 = await getEpoch(pub, { stakeManager });
    expect(epoch4.members.map((m) => getAddress(m.signer))).to.not.include(keys[0]!.address);
    // Tokens held cover every stake, pending withdrawal, the reward pool and unclaimed rewards.
    const [staked, unbondingTotal, pool, owed] = await sm.read.totals();
    expect(await token.read.balanceOf([stakeManager])).to.be.at.least(staked + unbondingTotal + pool + owed);
  });
});
