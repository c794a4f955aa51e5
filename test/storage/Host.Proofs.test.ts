/**
 * The host's proofs: in serve mode relayers read them from `GET /proofs`, which refuses requests
 * without the token; a host killed with SIGKILL before a period's window and restarted inside it
 * still proves that period (its deals and shards are durable).
 */
import { expect } from "chai";
import type { Hex } from "viem";

import { proofOutcome, submitProofs, type PeriodProof } from "../../sdk/src/storage/index.ts";
import { startShardSeeder } from "../../storage/src/client/shards.ts";
import { placeShard } from "../../storage/src/client/place.ts";
import { findDeal, type ChainContext } from "../../storage/src/shared/chain.ts";
import { walletFor } from "../relayer/support/bridge.ts";
import { publicClientFor } from "../relayer/support/fixture.ts";
import { clientChain, shardFile, termsFor } from "./support/client.ts";
import {
  account,
  createHost,
  deployNetwork,
  mineTo,
  tempDir,
  waitFor,
  BTT,
  type HostProcess,
  type Network,
} from "./support/network.ts";

const TOKEN = "relayer-token-0123456789";

describe("btt-host: proofs", function () {
  let net: Network;
  let chain: ChainContext;
  let dir: string;
  const hosts: HostProcess[] = [];

  before(async function () {
    net = await deployNetwork();
    chain = await clientChain(net, (await account(net, 1_000n * BTT)).key);
    dir = tempDir("btt-host-proofs-");
  });

  after(async function () {
    for (const host of hosts) await host.kill();
  });

  /** Stores a random shard with `host` through the client's placement path; returns the deal id. */
  async function store(host: HostProcess, name: string): Promise<Hex> {
    const shard = await shardFile(dir, 300 << 10, name);
    const terms = await termsFor(net, chain, host, shard.tree.commitment);
    const seeder = await startShardSeeder(dir);
    try {
      const placed = await placeShard({
        chain,
        host: host.address,
        endpoint: host.url,
        root: terms.root,
        size: terms.size,
        start: terms.start,
        periods: terms.periods,
        periodLength: terms.periodLength,
        pricePerPeriod: terms.pricePerPeriod,
        collateral: terms.collateral,
        challengesPerPeriod: terms.challengesPerPeriod,
        deadline: terms.deadline,
        seederPort: seeder.port,
      });
      return placed.id;
    } finally {
      await seeder.close();
    }
  }

  it("serves proofs to relayers only with the token", async function () {
    const host = await createHost(net, { proofs: "serve", proofToken: TOKEN });
    hosts.push(host);
    await host.start();
    const id = await store(host, "served.bin");
    const deal = (await findDeal(chain, id))!;
    await mineTo(net, deal.start + 1n);

    const refused: Record<string, string>[] = [
      {},
      { authorization: "Bearer wrong-token-0123456789" },
      { authorization: `Bearer ${TOKEN}x` },
    ];
    for (const headers of refused) {
      const response = await fetch(`${host.url}/proofs`, { headers });
      expect(response.status).to.equal(401);
    }
    expect((await fetch(`${host.url}/proofs?token=nope`)).status).to.equal(401);
    const proofs = await waitFor("the period-0 proof to be served", async () => {
      const response = await fetch(`${host.url}/proofs`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).to.equal(200);
      const body = (await response.json()) as { id: Hex; period: string; data: Hex[] }[];
      return body.length > 0 ? body : undefined;
    });
    expect(proofs[0]!.id).to.equal(id);
    expect(proofs[0]!.period).to.equal("0");
    // The token in the query works too (the relayer's proof source is a plain URL), and the proof is valid:
    // a relayer submits it and the market accepts it.
    const viaQuery = await fetch(`${host.url}/proofs?token=${TOKEN}`);
    expect(viaQuery.status).to.equal(200);
    const proof: PeriodProof = { id: proofs[0]!.id, period: BigInt(proofs[0]!.period), data: proofs[0]!.data };
    const relayer = await account(net, 0n);
    const [hash] = await submitProofs(walletFor(net.node, relayer.key), { market: net.market, proofs: [proof] });
    const receipt = await publicClientFor(net.node).waitForTransactionReceipt({ hash: hash! });
    expect(proofOutcome(receipt, [proof]).proven).to.have.length(1);
    // The host sees the period settled and stops serving it.
    await waitFor("the host to record the period proven", () => (host.period(id, 0n) === "proven" ? true : undefined));
  });

  it("restarted after SIGKILL inside a period's window, still proves that period", async function () {
    const host = await createHost(net);
    hosts.push(host);
    await host.start();
    const id = await store(host, "restart.bin");
    const deal = (await findDeal(chain, id))!;
    await host.kill();
    await mineTo(net, deal.start + 3n); // the window of period 0 is open, the host is down
    await host.start();
    await waitFor("the restarted host to prove period 0", () => (host.period(id, 0n) === "proven" ? true : undefined));
    const after = (await findDeal(chain, id))!;
    expect(after.cursor).to.equal(1n);
    expect(after.misses).to.equal(0);
  });
});
