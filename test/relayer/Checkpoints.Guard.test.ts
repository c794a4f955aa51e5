import { expect } from "chai";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { hashMessage, signMessage, type Checkpoint, type ValidatorSetRotation } from "../../sdk/src/messages/index.ts";
import { ProposalRefused } from "../../relayer/src/consensus/expected.ts";
import { checkpointSlot, rotationSlot, SignatureGuard } from "../../relayer/src/duties/signer/guard.ts";
import type { StoreLocation } from "../../relayer/src/store/open.ts";
import type { Store } from "../../relayer/src/store/Store.ts";
import { describeEngines } from "./support/engines.ts";

const signer = privateKeyToAccount(keccak256(toHex("guard test validator")));
const other = privateKeyToAccount(keccak256(toHex("guard test validator 2")));
const word = (n: number): Hex => keccak256(toHex(n));

const checkpoint: Checkpoint = {
  sourceChainId: 1n,
  destChainId: 199n,
  destContract: "0x00000000000000000000000000000000000000a1",
  epoch: 3n,
  startBlock: 100n,
  endBlock: 150n,
  blockRoot: word(1),
  messageRoot: word(2),
  messageCount: 7n,
};
const rotation: ValidatorSetRotation = {
  destChainId: 199n,
  destContract: "0x00000000000000000000000000000000000000b2",
  epoch: 3n,
  newEpoch: 4n,
  newSetHash: word(3),
  newTotalPower: 1000n,
};

async function refusal(fn: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await fn();
    return undefined;
  } catch (error) {
    expect(error).to.be.instanceOf(ProposalRefused);
    return (error as ProposalRefused).code;
  }
}

describeEngines("Relayer signer: the double-sign guard (store level)", function (engine) {
  let store: Store;
  let guard: SignatureGuard;
  let location: StoreLocation;

  before(async function () {
    location = await engine.fresh();
  });
  beforeEach(async function () {
    store = await engine.open(location);
    guard = new SignatureGuard(store);
  });
  afterEach(async () => await store.close());

  it("stores a checkpoint signature before returning it and returns it again for the same checkpoint", async function () {
    const signature = await signMessage(signer, "Checkpoint", checkpoint);
    const digest = hashMessage("Checkpoint", checkpoint);
    expect(
      await guard.persist(signer.address, "checkpoint", checkpointSlot(checkpoint), digest, checkpoint, signature),
    ).to.equal(signature);
    // A second, different signing attempt of the same message gets the stored one back.
    expect(
      await guard.persist(
        signer.address,
        "checkpoint",
        checkpointSlot(checkpoint),
        digest,
        checkpoint,
        `0x${"11".repeat(65)}`,
      ),
    ).to.equal(signature);
    expect(await guard.stored(signer.address, "checkpoint", checkpointSlot(checkpoint))).to.equal(signature);
    expect(SignatureGuard.list((await guard.byDigest(digest))!)).to.deep.equal([{ signer: signer.address, signature }]);
    // Survives a restart (a new Store on the same file).
    await store.close();
    store = await engine.open(location);
    guard = new SignatureGuard(store);
    expect(await guard.stored(signer.address, "checkpoint", checkpointSlot(checkpoint))).to.equal(signature);
  });

  it("refuses other content for the same block range, allows it under another epoch and for another signer", async function () {
    const first = await signMessage(signer, "Checkpoint", checkpoint);
    await guard.persist(
      signer.address,
      "checkpoint",
      checkpointSlot(checkpoint),
      hashMessage("Checkpoint", checkpoint),
      checkpoint,
      first,
    );
    for (const change of [{ blockRoot: word(9) }, { messageRoot: word(9) }, { messageCount: 8n }]) {
      const conflicting = { ...checkpoint, ...change };
      expect(
        await refusal(() => guard.stored(signer.address, "checkpoint", checkpointSlot(conflicting))),
        JSON.stringify(Object.keys(change)),
      ).to.equal("conflict");
      expect(
        await refusal(() =>
          guard.persist(
            signer.address,
            "checkpoint",
            checkpointSlot(conflicting),
            hashMessage("Checkpoint", conflicting),
            conflicting,
            `0x${"22".repeat(65)}`,
          ),
        ),
      ).to.equal("conflict");
    }
    // The same roots under a later epoch (the set rotated): not a double sign.
    const later = { ...checkpoint, epoch: 4n };
    const signature = await signMessage(signer, "Checkpoint", later);
    expect(
      await guard.persist(
        signer.address,
        "checkpoint",
        checkpointSlot(later),
        hashMessage("Checkpoint", later),
        later,
        signature,
      ),
    ).to.equal(signature);
    // A longer range is another slot (re-signing a longer range is no conflict).
    const longer = { ...checkpoint, endBlock: 160n, blockRoot: word(10) };
    expect(await guard.stored(signer.address, "checkpoint", checkpointSlot(longer))).to.equal(undefined);
    // Another validator key has its own slots.
    const conflicting = { ...checkpoint, blockRoot: word(9) };
    expect(await guard.stored(other.address, "checkpoint", checkpointSlot(conflicting))).to.equal(undefined);
  });

  it("signs one set per epoch transition of a verifier", async function () {
    const signature = await signMessage(signer, "ValidatorSetRotation", rotation);
    expect(
      await guard.persist(
        signer.address,
        "rotation",
        rotationSlot(rotation),
        hashMessage("ValidatorSetRotation", rotation),
        rotation,
        signature,
      ),
    ).to.equal(signature);
    expect(
      await refusal(() => guard.stored(signer.address, "rotation", rotationSlot({ ...rotation, newSetHash: word(4) }))),
    ).to.equal("conflict");
    expect(
      await refusal(() => guard.stored(signer.address, "rotation", rotationSlot({ ...rotation, newTotalPower: 999n }))),
    ).to.equal("conflict");
    expect(
      await guard.stored(signer.address, "rotation", rotationSlot({ ...rotation, newEpoch: 5n, newSetHash: word(4) })),
    ).to.equal(undefined);
  });
});
