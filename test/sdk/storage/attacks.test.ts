import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import type { Hex } from "viem";

import { ContentTree } from "../../../sdk/src/commitment/index.ts";
import { toHighS } from "../../../sdk/src/messages/index.ts";
import {
  acceptDeal,
  buildPeriodProof,
  getCredit,
  pokeSeed,
  proofOutcome,
  setHost,
  signDeal,
  StorageContractError,
  StorageDealError,
  submitProofs,
  type PeriodProof,
  type ProofOutcome,
} from "../../../sdk/src/storage/index.ts";
import { BTT, deployStorage, EPOCH } from "./support/fixture.ts";

/** Attacks that must fail, driven through the SDK against a deployed market. */
describe("storage attacks", function () {
  let dir: string;
  let env: Awaited<ReturnType<typeof deployStorage>>;
  let shardPath: string;
  let tree: ContentTree;
  let ids: Hex[];
  let start: bigint;
  let accepted: { terms: Awaited<ReturnType<typeof env.offer>>; signature: Hex };
  const periodLength = 2n * EPOCH;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-attacks-"));
    shardPath = join(dir, "shard.bin");
    await writeFile(shardPath, randomBytes(300_000));
    tree = await ContentTree.fromSource(shardPath);
    env = await deployStorage();
    const [client, host] = env.wallets as [(typeof env.wallets)[0], (typeof env.wallets)[0]];
    await env.fund(client, 100n * BTT);
    await env.fund(host, 100n * BTT);
    await env.wait(
      await setHost(host, {
        market: env.market.address,
        capacity: 1n << 30n,
        pricePerGiBPerPeriod: 0n,
        collateralPerGiB: 0n,
        endpoint: "",
      }),
    );
    ids = [];
    const base = await env.offer(
      {
        client: client.account.address,
        host: host.account.address,
        root: tree.commitment.root,
        size: tree.commitment.size,
      },
      30n,
    );
    start = base.start;
    for (const nonce of [1n, 2n]) {
      const terms = { ...base, nonce };
      const { signature } = await signDeal({ signer: client, terms });
      const { hash, id } = await acceptDeal(host, { market: env.market.address, terms, signature });
      await env.wait(hash);
      ids.push(id);
      accepted = { terms, signature };
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function submit(proofs: PeriodProof[]): Promise<ProofOutcome> {
    const [hash] = await submitProofs(env.wallets[7]!, { market: env.market.address, proofs });
    return proofOutcome(await env.wait(hash!), proofs);
  }

  async function enter(period: bigint): Promise<void> {
    const s = start + period * periodLength;
    await env.mineTo(s + 1n);
    await env.wait(await pokeSeed(env.wallets[7]!, { market: env.market.address, epoch: s / EPOCH }));
  }

  function proofFor(period: bigint, id: Hex = ids[0]!): Promise<PeriodProof> {
    return buildPeriodProof(env.publicClient, { market: env.market.address, id, period, shardPath, tree });
  }

  it("replaying an accepted deal signature fails (nonce used), and so does a high-s twin", async () => {
    const [client, host] = env.wallets as [(typeof env.wallets)[0], (typeof env.wallets)[0]];
    const replay = acceptDeal(host, { market: env.market.address, ...accepted });
    await expectContractError(replay, "StorageMarketNonceUsed");
    const fresh = { ...accepted.terms, nonce: 99n };
    const signed = await signDeal({ signer: client, terms: fresh });
    await expectContractError(
      acceptDeal(host, { market: env.market.address, terms: fresh, signature: toHighS(signed.signature) }),
      "MessagesInvalidSignature",
    );
  });

  it("building a proof before the seed is recorded fails with a clear SDK error", async () => {
    let caught: unknown;
    try {
      await proofFor(0n);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(StorageDealError);
    expect((caught as Error).message).to.match(/seed of this period is not recorded/);
  });

  it("rejects a wrong segment, a wrong index, another deal's proof and a stale seed; pays the honest one", async () => {
    await enter(0n);
    const honest = await proofFor(0n);
    const wrongSegment = { ...honest, data: [flip(honest.data[0]!), ...honest.data.slice(1)] };
    const depth = tree.geometry.depth;
    const challenged = (await env.market.read.challengeIndices([ids[0]!, 0n]))[0]!;
    const other = tree.proveSegmentFromFile(shardPath, (challenged + 1n) % (tree.commitment.size / 32n));
    const moved = await other;
    const wrongIndex = { ...honest, data: [moved.segment, ...moved.proof, ...honest.data.slice(depth + 1)] };
    const otherDeal = { ...honest, id: ids[1]! };
    const outcome = await submit([wrongSegment, wrongIndex, otherDeal, honest]);
    expect(outcome.rejected.map((r) => [r.reason, r.challenge])).to.deep.equal([
      ["BadProof", 0n],
      ["BadProof", 0n],
      ["BadProof", 0n],
    ]);
    expect(outcome.proven).to.deep.equal([{ id: ids[0]!, period: 0n }]);

    // Period 1: a proof built with period 0's challenges (a stale seed) fails, as does a future period.
    await enter(1n);
    const stale = { ...honest, period: 1n };
    const future = { ...(await proofFor(1n)), period: 2n };
    const again = await submit([stale, future]);
    expect(again.rejected.map((r) => r.reason)).to.deep.equal(["BadProof", "OutsideWindow"]);
  });

  it("refuses the same period twice and a proof after its window", async () => {
    const honest = await proofFor(1n);
    expect((await submit([honest])).proven).to.have.length(1);
    const twice = await submit([honest]);
    expect(twice.rejected.map((r) => r.reason)).to.deep.equal(["AlreadySettled"]);
    const late = await proofFor(1n, ids[1]!);
    await env.mineTo(start + 2n * periodLength);
    const outcome = await submit([late]);
    expect(outcome.rejected.map((r) => r.reason)).to.deep.equal(["OutsideWindow"]);
    expect(
      await getCredit(env.publicClient, { market: env.market.address, account: env.wallets[1]!.account.address }),
    ).to.equal(2n * BTT);
  });

  it("proofOutcome refuses proofs that are not the transaction's entries", async () => {
    const honest = await proofFor(1n);
    const [hash] = await submitProofs(env.wallets[7]!, { market: env.market.address, proofs: [honest] });
    const receipt = await env.wait(hash!);
    expect(proofOutcome(receipt, [honest]).rejected.map((r) => r.reason)).to.deep.equal(["OutsideWindow"]);
    expect(() => proofOutcome(receipt, [])).to.throw(StorageDealError, /not the submitProofs transaction/);
    expect(() => proofOutcome(receipt, [{ ...honest, id: ids[1]! }])).to.throw(
      StorageDealError,
      /rejections do not match/,
    );
  });

  it("refuses to build a proof from a shard that does not match the deal", async () => {
    await enter(2n);
    const wrong = join(dir, "wrong.bin");
    await writeFile(wrong, randomBytes(300_000));
    let caught: unknown;
    try {
      await buildPeriodProof(env.publicClient, {
        market: env.market.address,
        id: ids[0]!,
        period: 2n,
        shardPath: wrong,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(StorageDealError);
    expect((caught as Error).message).to.match(/does not match the deal/);
  });
});

function flip(word: Hex): Hex {
  const last = (Number.parseInt(word.slice(-2), 16) ^ 1).toString(16).padStart(2, "0");
  return `${word.slice(0, -2)}${last}` as Hex;
}

async function expectContractError(promise: Promise<unknown>, errorName: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught).to.be.instanceOf(StorageContractError);
  expect((caught as StorageContractError).errorName).to.equal(errorName);
}
