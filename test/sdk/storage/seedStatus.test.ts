import { expect } from "chai";
import { keccak256, toHex, zeroHash, type Hex } from "viem";

import {
  acceptDeal,
  getPeriodSeedStatus,
  periodSeedStatus,
  pokeSeed,
  reportMissed,
  setHost,
  signDeal,
  type PeriodSeedState,
} from "../../../sdk/src/storage/index.ts";
import { BTT, deployStorage, EPOCH } from "./support/fixture.ts";

/** A period without a recorded seed is not a free pass: the SDK says when a period is at risk. */
describe("storage: period seed status", function () {
  it("classifies every state of a period's seed (pure)", () => {
    const deal = { start: 1_000n, periodLength: 400n };
    const seed = keccak256(toHex("seed"));
    const table: [bigint, Hex | undefined, PeriodSeedState, boolean][] = [
      [999n, undefined, "upcoming", false],
      [1_000n, undefined, "upcoming", false],
      [1_001n, undefined, "pokeable", false],
      [1_224n, undefined, "pokeable", false],
      [1_230n, undefined, "pokeable", true], // fewer than 32 blocks left to record it on time
      [1_256n, zeroHash, "pokeable", true],
      [1_257n, undefined, "late", true],
      [1_399n, undefined, "late", true],
      [1_400n, undefined, "missed", true],
      [1_400n, seed, "recorded", false],
    ];
    for (const [blockNumber, s, state, atRisk] of table) {
      const status = periodSeedStatus(deal, 0n, {
        epochLength: EPOCH,
        blockNumber,
        ...(s === undefined ? {} : { seed: s }),
      });
      expect({ blockNumber, state: status.state, atRisk: status.atRisk }).to.deep.equal({ blockNumber, state, atRisk });
      expect(status.pokeDeadline).to.equal(1_256n);
    }
  });

  it("reads the status on chain; a late poke records a seed; an unproven seedless period is slashed", async () => {
    const env = await deployStorage();
    const [client, host, reporter] = env.wallets as [
      (typeof env.wallets)[0],
      (typeof env.wallets)[0],
      (typeof env.wallets)[0],
    ];
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
    const terms = {
      ...(await env.offer({
        client: client.account.address,
        host: host.account.address,
        root: keccak256(toHex("root")),
        size: 4096n,
      })),
      periodLength: 30n * EPOCH,
      periods: 2n,
    };
    const { signature } = await signDeal({ signer: client, terms });
    const { hash, id } = await acceptDeal(host, { market: env.market.address, terms, signature });
    await env.wait(hash);
    const market = env.market.address;

    expect((await getPeriodSeedStatus(env.publicClient, { market, id, period: 0n })).state).to.equal("upcoming");
    await env.mineTo(terms.start + 1n);
    const onTime = await getPeriodSeedStatus(env.publicClient, { market, id, period: 0n });
    expect([onTime.state, onTime.atRisk]).to.deep.equal(["pokeable", false]);
    await env.mineTo(terms.start + 240n);
    expect((await getPeriodSeedStatus(env.publicClient, { market, id, period: 0n })).atRisk).to.equal(true);
    await env.mineTo(terms.start + 260n);
    const late = await getPeriodSeedStatus(env.publicClient, { market, id, period: 0n });
    expect([late.state, late.atRisk]).to.deep.equal(["late", true]);
    await env.wait(await pokeSeed(reporter, { market, epoch: late.epoch }));
    expect((await getPeriodSeedStatus(env.publicClient, { market, id, period: 0n })).state).to.equal("recorded");

    // Period 1: nobody pokes and the host proves nothing; once its window closes it is missed and slashed.
    await env.mineTo(terms.start + 2n * terms.periodLength);
    const missed = await getPeriodSeedStatus(env.publicClient, { market, id, period: 1n });
    expect([missed.state, missed.atRisk]).to.deep.equal(["missed", true]);
    const receipt = await env.wait(await reportMissed(reporter, { market, id }));
    const logs = receipt.logs.filter((log) => log.address.toLowerCase() === market.toLowerCase());
    expect(logs.length).to.be.greaterThan(0);
    const deal = await env.market.read.getDeal([id as Hex]);
    expect(deal.status).to.equal(3); // two misses (max) terminated the deal
  });
});
