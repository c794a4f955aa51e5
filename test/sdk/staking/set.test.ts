import { expect } from "chai";
import { network } from "hardhat";
import {
  compactSignatureToSignature,
  getAddress,
  parseCompactSignature,
  recoverAddress,
  type Address,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { BttError } from "../../../sdk/src/errors.ts";
import {
  InvalidSignatureError,
  hashMessage,
  signMessage,
  toHighS,
  type Checkpoint,
} from "../../../sdk/src/messages/index.ts";
import {
  InvalidValidatorSetError,
  NotDoubleSignError,
  QuorumNotReachedError,
  SignerNotInSetError,
  assertValidatorSet,
  buildDoubleSignEvidence,
  buildQuorumProof,
  buildRotation,
  hasQuorum,
  hashValidatorSet,
  isDoubleSign,
  signCheckpoint,
  sortValidatorSet,
  toCompactSignature,
  toStakingError,
  type ValidatorSetMember,
} from "../../../sdk/src/staking/index.ts";

const keys = Array.from({ length: 5 }, () => privateKeyToAccount(generatePrivateKey()));
const members: ValidatorSetMember[] = sortValidatorSet(
  keys.map((k, i) => ({ signer: k.address, power: BigInt(i + 1) })),
);
const keyOf = (signer: Address) => keys.find((k) => k.address === getAddress(signer))!;
const checkpoint: Checkpoint = {
  sourceChainId: 199n,
  destChainId: 728126428n,
  destContract: getAddress("0x00000000000000000000000000000000000c0ffe"),
  epoch: 3n,
  startBlock: 100n,
  endBlock: 199n,
  blockRoot: `0x${"11".repeat(32)}`,
  messageRoot: `0x${"22".repeat(32)}`,
  messageCount: 9n,
};

describe("staking SDK: validator sets, quorum proofs and evidence", () => {
  it("hashes a set exactly as the verifier commits it", async () => {
    const { viem } = await network.create();
    const verifier = await viem.deployContract("ValidatorSet", [
      "0x0000000000000000000000000000000000000000",
      1n,
      members.map((m) => m.signer),
      members.map((m) => m.power),
      86_400n,
    ]);
    expect(await verifier.read.setHash()).to.equal(hashValidatorSet(members));
    expect(await verifier.read.totalPower()).to.equal(15n);
  });

  it("sorts by address and rejects unsorted, duplicate, zero-power and empty sets", () => {
    const shuffled = [...members].reverse();
    expect(sortValidatorSet(shuffled)).to.deep.equal(members);
    expect(() => assertValidatorSet(shuffled)).to.throw(InvalidValidatorSetError, /strictly ascending/);
    expect(() => assertValidatorSet([members[0]!, members[0]!])).to.throw(
      InvalidValidatorSetError,
      /strictly ascending/,
    );
    expect(() => assertValidatorSet([{ ...members[0]!, power: 0n }])).to.throw(InvalidValidatorSetError, /power/);
    expect(() => assertValidatorSet([])).to.throw(InvalidValidatorSetError, /1 to 256/);
    expect(assertValidatorSet(members)).to.equal(15n);
  });

  it("quorum is strictly more than 2/3 of power", () => {
    expect(hasQuorum(2n, 3n)).to.equal(false);
    expect(hasQuorum(10n, 15n)).to.equal(false);
    expect(hasQuorum(11n, 15n)).to.equal(true);
  });

  it("compact signatures recover the same signer", async () => {
    const signature = await signMessage(keys[0]!, "Checkpoint", checkpoint);
    const compact = toCompactSignature(signature);
    expect(compact.length).to.equal(2 + 128);
    const expanded = compactSignatureToSignature(parseCompactSignature(compact));
    expect(await recoverAddress({ hash: hashMessage("Checkpoint", checkpoint), signature: expanded })).to.equal(
      keys[0]!.address,
    );
    expect(() => toCompactSignature(toHighS(signature))).to.throw(InvalidSignatureError, /high s/);
  });

  it("builds the bitmap and signature order of the members, whatever the input order", async () => {
    // The three strongest members (3 + 4 + 5 = 12 of 15), given in reverse power order.
    const signing = [...members].sort((a, b) => Number(b.power - a.power)).slice(0, 3);
    const sigs = await Promise.all(signing.map((m) => signCheckpoint(keyOf(m.signer), checkpoint)));
    const positions = members.map((m, i) => (signing.includes(m) ? i : -1)).filter((i) => i >= 0);
    const proof = buildQuorumProof({ members, signatures: sigs });
    expect(proof.signedBitmap).to.equal(positions.reduce((bits, i) => bits | (1n << BigInt(i)), 0n));
    const parts = positions.map((i) => sigs.find((s) => s.signer === members[i]!.signer)!.signature);
    expect(proof.signatures).to.equal(`0x${parts.map((s) => toCompactSignature(s).slice(2)).join("")}`);
  });

  it("refuses a signature from outside the set and a proof without quorum", async () => {
    const outsider = privateKeyToAccount(generatePrivateKey());
    const sig = await signCheckpoint(outsider, checkpoint);
    expect(() => buildQuorumProof({ members, signatures: [sig] })).to.throw(SignerNotInSetError);
    const weakest = await signCheckpoint(keyOf(members.find((m) => m.power === 1n)!.signer), checkpoint);
    expect(() => buildQuorumProof({ members, signatures: [weakest] })).to.throw(QuorumNotReachedError, /2\/3/);
    expect(buildQuorumProof({ members, signatures: [weakest], requireQuorum: false }).signatures.length).to.equal(
      2 + 128,
    );
  });

  it("builds rotations committing to the new set", () => {
    const rotation = buildRotation({
      destChainId: 1n,
      destContract: checkpoint.destContract,
      epoch: 3n,
      newEpoch: 4n,
      newMembers: members,
    });
    expect(rotation.newSetHash).to.equal(hashValidatorSet(members));
    expect(rotation.newTotalPower).to.equal(15n);
    expect(() =>
      buildRotation({
        destChainId: 1n,
        destContract: checkpoint.destContract,
        epoch: 3n,
        newEpoch: 3n,
        newMembers: members,
      }),
    ).to.throw(BttError, /after/);
  });

  it("recognises double signs exactly as DESIGN section 4 defines them", async () => {
    const other = { ...checkpoint, messageCount: 10n, epoch: 4n };
    expect(isDoubleSign(checkpoint, other)).to.equal(true);
    expect(isDoubleSign(checkpoint, { ...checkpoint, epoch: 9n })).to.equal(false);
    expect(isDoubleSign(checkpoint, { ...other, endBlock: 299n })).to.equal(false);
    expect(isDoubleSign(checkpoint, { ...other, destChainId: 1n })).to.equal(false);
    const a = await signMessage(keys[0]!, "Checkpoint", checkpoint);
    const b = await signMessage(keys[0]!, "Checkpoint", other);
    const c = await signMessage(keys[1]!, "Checkpoint", other);
    expect((await buildDoubleSignEvidence(checkpoint, a, other, b)).signer).to.equal(keys[0]!.address);
    const differ = await buildDoubleSignEvidence(checkpoint, a, other, c).catch((e: unknown) => e);
    expect(differ).to.be.instanceOf(NotDoubleSignError);
    const same = await buildDoubleSignEvidence(checkpoint, a, checkpoint, a).catch((e: unknown) => e);
    expect(same).to.be.instanceOf(NotDoubleSignError);
    const high = await buildDoubleSignEvidence(checkpoint, a, other, toHighS(b) as Hex).catch((e: unknown) => e);
    expect(high).to.be.instanceOf(InvalidSignatureError);
  });

  it("passes non-contract errors through unchanged", () => {
    const plain = new Error("network down");
    expect(toStakingError(plain)).to.equal(plain);
  });
});
