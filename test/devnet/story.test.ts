/**
 * The `npm start` story (devnet/story) in its short profile, so that it cannot silently rot: the
 * same path as `npm start` (the devnet's four `hardhat node` processes, JSON-RPC over HTTP, three
 * relayer daemons started through their CLI), every step run and the final balances asserted here
 * too (the story itself already fails on any mismatch). Also the relayer's end-to-end test (issue
 * 8): three relayers holding four validator keys carry deposits from every root and withdrawals,
 * rotations, and a storage period with proofs from two hosts; checked from chain events and from
 * the daemons' SQLite stores.
 */
import { expect } from "chai";

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { decodeEventLog, encodeEventTopics, encodeFunctionData, getAddress } from "viem";

import { startDevnet, type Devnet } from "../../devnet/devnet.ts";
import { describeDevnet } from "../../devnet/info.ts";
import { contractsOf, writeManifests } from "../../devnet/manifests.ts";
import { repoRoot, rpcCall } from "../../devnet/node.ts";
import type { ChainUrls } from "../../devnet/story/chains.ts";
import { storyTokenKeys } from "../../devnet/story/deploy.ts";
import { profiles } from "../../devnet/story/profile.ts";
import { runStory, type StoryResult } from "../../devnet/story/run.ts";
import { StoryMismatch, expectEqual } from "../../devnet/story/report.ts";
import { printSummary } from "../../devnet/story/summary.ts";
import { poolDeposit } from "../../devnet/story/transfer.ts";
import { childBridgeAbi, inboxAbi, toTronAddress } from "../../sdk/src/bridge/index.ts";
import { ManifestChainMismatchError, manifestContractKeys, parseManifest } from "../../sdk/src/deployments/index.ts";
import { storageMarketAbi } from "../../sdk/src/storage/index.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";

const E18 = 10n ** 18n;

describe("end-to-end story (short profile, on the devnet)", function () {
  let devnet: Devnet;
  let result: StoryResult;
  const lines: string[] = [];
  const relayersDir = mkdtempSync(join(tmpdir(), "btt-story-relayers-"));

  before(async function () {
    devnet = await startDevnet();
    try {
      result = await runStory(profiles.short, {
        urls: devnet.urls as ChainUrls,
        log: (line) => lines.push(line),
        relayersDir,
      });
    } catch (error) {
      // Whether each node still ran, and its last words: a failed request alone does not say.
      const nodes = devnet.chains.map(({ network, node }) => {
        const { exitCode, signalCode } = node.child;
        const state = exitCode === null && signalCode === null ? "running" : `exited (${exitCode ?? signalCode})`;
        return `${network} node: ${state}; output tail:\n${node.output().slice(-1_500)}`;
      });
      (error as Error).message += `\nstory so far:\n${lines.slice(-15).join("\n")}\n${nodes.join("\n")}`;
      throw error;
    }
  });

  after(async function () {
    await result?.relayers.stop();
    await devnet?.stop();
    rmSync(relayersDir, { recursive: true, force: true });
  });

  /** Duty records by state in each daemon's store (the daemons are stopped: their stores are closed). */
  async function recordsOf(name: string): Promise<Record<string, number>> {
    const store = new SqliteStore(join(relayersDir, `${name}.db`));
    try {
      return Object.fromEntries((await store.countRecordsByState()).map((r) => [`${r.duty}:${r.state}`, r.count]));
    } finally {
      await store.close();
    }
  }

  it("runs on four hardhat node processes, one per chain, over JSON-RPC", async () => {
    expect(devnet.chains.map((c) => c.chainId)).to.deep.equal([199, 728126428, 1, 56]);
    for (const c of devnet.chains) {
      expect(lines).to.include(`  ✓ ${c.name}: chain id ${c.chainId}, hardhat node at ${c.url}, hardfork shanghai`);
      expect(c.node.child.exitCode).to.equal(null);
      // The story's transactions went to this node.
      expect(Number(await rpcCall<string>(c.url, "eth_blockNumber"))).to.be.greaterThan(5);
    }
    expect(new Set(devnet.chains.map((c) => c.node.child.pid)).size).to.equal(4);
  });

  it("stakes, earns and commits the staked set on every chain", async () => {
    expect(result.staking.epoch).to.equal(2n);
    expect(result.staking.totalPower).to.equal(11_500n);
    // Epoch 1's 100 BTT: validator 1's pool had 2000 of 11500 power, 10% commission, delegator 1 holds half.
    const pool = (100n * 10n ** 18n * 2_000n) / 11_500n;
    expect(result.staking.delegatorReward).to.equal((pool - pool / 10n) / 2n);
    expect(lines.some((l) => l.includes("rotated onto BTTC, Ethereum and BNB Chain by the relayer daemons"))).to.equal(
      true,
    );
    // The daemons committed epoch 2 on all four verifiers (TRON's by sync, the others by rotation).
    expect(result.staking.timings.map((t) => t.what)).to.deep.equal(
      ["TRON", "BitTorrent Chain", "Ethereum", "BNB Chain"].map((c) => `set of epoch 2 committed on ${c}`),
    );
    const rotated: number[] = [];
    for (const name of ["relayer-a", "relayer-b"]) rotated.push((await recordsOf(name))["rotations:rotated"] ?? 0);
    expect(
      rotated.reduce((a, b) => a + b),
      JSON.stringify(rotated),
    ).to.be.at.least(4);
  });

  it("relays deployment's token mappings through the daemons: started once messaging and bridges are wired", () => {
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    const mappings = lines.filter((l) =>
      /^ {2}✓ (TRON|Ethereum|BNB Chain) → BTTC: 2 mappings checkpointed \(epoch 0\) signed by \d of 4 validators \(held by relayer-[abc](, relayer-[abc])+\), \d+ of 10000 power, executed by the daemon after /.test(
        l,
      ),
    );
    expect(mappings, lines.join("\n")).to.have.length(3);
    // Wired, then the daemons, then the mappings through them, then the StorageMarket, then C restarted with its storage-proof duty.
    const order = [
      "  ✓ BTTC's ChildBridge wired",
      "\n» Starting three relayer daemons",
      "  ✓ relayer-c: validator 4; signer, messages (pid",
      mappings[0]!,
      "  ✓ BTTC: StorageMarket",
      "  ✓ relayer-c restarted on the updated manifests: signer, messages, storageProofs (pid",
    ];
    const indices = order.map(at);
    expect(
      indices.every((i) => i >= 0),
      JSON.stringify(indices),
    ).to.equal(true);
    expect([...indices].sort((a, b) => a - b)).to.deep.equal(indices);
  });

  it("runs three relayer daemons through the CLI, each with its own account and validator keys, stopped with the story", () => {
    const daemons = result.relayers.daemons;
    expect(daemons.map((d) => d.role.name)).to.deep.equal(["relayer-a", "relayer-b", "relayer-c"]);
    expect(daemons.map((d) => d.validators.length)).to.deep.equal([2, 1, 1]);
    expect(new Set(daemons.flatMap((d) => d.validators)).size).to.equal(4);
    expect(new Set(daemons.map((d) => d.account)).size).to.equal(3);
    expect(new Set(daemons.map((d) => d.child.pid)).size).to.equal(3);
    for (const d of daemons) {
      expect(d.child.exitCode, d.role.name).to.equal(0); // graceful SIGTERM shutdown
      expect(d.logTail(200)).to.include('"msg":"started"');
    }
    expect(daemons.map((d) => d.duties)).to.deep.equal([
      ["signer", "checkpoints", "rotations"],
      ["signer", "checkpoints", "rotations", "fastFills"],
      ["signer", "messages", "storageProofs"],
    ]);
  });

  it("checkpoints signed by validators held by at least two relayers, submitted by the daemons (chain and stores agree)", async () => {
    const { checkpoints } = result.bridge;
    const submitters = result.relayers.daemons.filter((d) => d.role.submits).map((d) => d.account);
    expect(checkpoints).to.have.length(5); // one per root into BTTC, one per withdrawal's destination
    for (const c of checkpoints) {
      expect(c.holders.length, c.hash).to.be.at.least(2);
      expect(c.signedPower * 3n, c.hash).to.be.greaterThan(c.totalPower * 2n);
      expect(c.totalPower).to.equal(11_500n); // the staked set of epoch 2
      expect(submitters).to.include(c.submitter);
    }
    // The staked set of epoch 2 (11500 power) signed the story's 5; the genesis set (10000) the 3 of the mappings.
    expect(
      lines.filter((l) =>
        / signed by \d of 4 validators \(held by relayer-[abc](, relayer-[abc])+\), \d+ of 11500 power/.test(l),
      ),
    ).to.have.length(5);
    // Every daemon's validator signer signed (its double-sign guard stored each signature).
    for (const name of ["relayer-a", "relayer-b", "relayer-c"])
      expect((await recordsOf(name))["signer:signed"] ?? 0, name).to.be.greaterThan(0);
  });

  it("executes every message exactly once: no MessageExecuted twice on any Inbox, each store's executions distinct", async () => {
    const d = result.deployment;
    const endpoints = [
      { chain: devnet.chains.find((c) => c.network === "bttc")!, inbox: d.bttc.inbox },
      ...(["tron", "ethereum", "bnb"] as const).map((n) => ({
        chain: devnet.chains.find((c) => c.network === n)!,
        inbox: d.roots[n].inbox,
      })),
    ];
    let executed = 0;
    for (const { chain, inbox } of endpoints) {
      const logs = await chain.node.rpc<{ topics: string[] }[]>("eth_getLogs", [
        { address: inbox, fromBlock: "0x0", toBlock: "latest" },
      ]);
      const [topic] = encodeEventTopics({ abi: inboxAbi, eventName: "MessageExecuted" });
      const keys = logs.filter((l) => l.topics[0] === topic).map((l) => `${l.topics[1]}:${l.topics[2]}`);
      expect(new Set(keys).size, `${chain.network} executions`).to.equal(keys.length);
      executed += keys.length;
    }
    // 6 token mappings (deployment) + 5 deposits + 2 withdrawals + the fast and the slow withdrawal of
    // step 2b + the governance legs: two to BTTC, one on from BTTC to Ethereum.
    expect(executed).to.equal(18);
    const c = await recordsOf("relayer-c");
    // The daemon executed them all: the mappings, the 5 deposits, the 4 opted-in withdrawals and the
    // governance legs (recognised as governance's on BTTC and on Ethereum, no allow-list).
    // The story stops the daemons once it sees the last execution on chain, possibly before the
    // executor recorded its confirmation: that one may still be `submitted` in its store.
    const submitted = c["messages:submitted"] ?? 0;
    expect(submitted).to.be.at.most(1);
    expect((c["messages:executed"] ?? 0) + submitted).to.equal(18);
    expect(
      Object.keys(c).filter(
        (k) => k.startsWith("messages:") && !["messages:executed", "messages:submitted"].includes(k),
      ),
    ).to.deep.equal([]);
  });

  it("hands every contract of the four manifests to governance and runs a proposal voted by stake on TRON, BTTC and (through BTTC) Ethereum", () => {
    const handed = result.governance.handedOver;
    expect(handed.tron).to.include.members(["token", "stakeManager", "rootBridge"]);
    expect(handed.bttc).to.include.members(["childBridge"]);
    for (const root of [handed.ethereum, handed.bnb]) expect(root).to.include.members(["rootBridge"]);
    // No contract of any manifest (TRON, BTTC, Ethereum, BNB Chain) is owned by a key afterwards.
    expect(result.governance.keyOwned).to.equal(0);
    for (const label of ["TRON", "BitTorrent Chain", "Ethereum", "BNB Chain"])
      expect(
        lines.some(
          (l) => l.startsWith(`  ✓ ${label}: `) && l.endsWith("no contract of the manifest is owned by a key"),
        ),
        label,
      ).to.equal(true);
    expect(result.governance.rewardPerEpoch).to.equal(50n * 10n ** 18n);
    expect(result.governance.forVotes > 0n).to.equal(true);
    expect(lines.some((l) => l.includes("the guardian may now pause the ChildBridge"))).to.equal(true);
    // The leg to Ethereum went through BTTC: BTTC's receiver sent it on, the daemons delivered it.
    expect(result.governance.ethereumGuarded).to.equal(true);
    expect(lines.some((l) => l.includes("Ethereum leg through BTTC"))).to.equal(true);
  });

  it("fast exit on TRON: relayer-b fills before the checkpoint and is repaid once; relayer-c earns the delivery fees", async () => {
    const f = result.fastExit;
    expect(f.fastPaid).to.equal((985n * E18) / 10n); // 100 - 1 fast fee - 0.5 delivery fee
    expect(f.slowPaid).to.equal((995n * E18) / 10n); // no fast fee when nobody fills
    expect(f.fillerName).to.equal("relayer-b");
    expect(f.fillerEarned).to.equal(E18);
    expect(f.deliveryFees).to.deep.equal({ "relayer-a": 0n, "relayer-b": 0n, "relayer-c": E18 });
    expect((await recordsOf("relayer-b"))["fastFills:repaid"]).to.equal(1);
    expect(lines.some((l) => l.includes("2b. Fast exit"))).to.equal(true);
  });

  it("runs TRON as a shanghai chain that refuses the opcodes TRON lacks", () => {
    expect(lines.some((l) => l.includes("TLOAD and MCOPY (off on TRON) fail"))).to.equal(true);
  });

  it("bridges deposits in from every root and withdrawals out, one to another root chain", () => {
    const b = result.bridge;
    expect(b.timings.map((t) => t.what)).to.deep.equal([
      "TRON deposit → executed on BTTC",
      "Ethereum deposit → executed on BTTC",
      "BNB Chain deposit → executed on BTTC",
      "withdrawal → executed on Ethereum",
      "withdrawal → executed on TRON",
    ]);
    expect(b.aliceEthereumBtt).to.equal(200n * E18); // native BTT deposited from TRON, exited on Ethereum
    expect(b.aliceTronUsdt).to.equal(250n * E18);
    expect(b.aliceUsdtT).to.equal(750n * E18);
    expect(b.aliceBttB).to.equal(200n * E18);
    expect(b.nativeBridged).to.deep.equal({ tron: 500n * E18, ethereum: 100n * E18, bnb: 0n });
  });

  it("stores the file under deals proven for two periods, pays every host, restores the file", () => {
    const s = result.storage;
    expect(s.shards).to.equal(2);
    expect(s.hostEarnings).to.deep.equal([10n * E18, 10n * E18]); // 2 periods x 5 USDT_e
    expect(s.clientPaid).to.equal(20n * E18);
    expect(s.marketBalance).to.equal(0n);
    // Alice's USDT_e: 2000 bridged, 20 escrowed, 20 collateral handed to each of the 2 hosts.
    expect(s.clientBalance).to.equal(1_940n * E18);
  });

  it("the storage-proof daemon batched the two hosts' proofs of each period (one submitter, every proof accepted once)", async () => {
    expect(result.storage.timings.map((t) => t.what)).to.deep.equal([
      "period 0 proofs → accepted",
      "period 1 proofs → accepted",
    ]);
    const bttc = devnet.chains.find((c) => c.network === "bttc")!;
    const [topic] = encodeEventTopics({ abi: storageMarketAbi, eventName: "ProofsSubmitted" });
    const logs = await bttc.node.rpc<{ topics: [`0x${string}`, ...`0x${string}`[]]; data: `0x${string}` }[]>(
      "eth_getLogs",
      [{ address: result.deployment.bttc.market, fromBlock: "0x0", toBlock: "latest", topics: [topic] }],
    );
    // Step 3b's btt-host daemons submit their own proofs: only the wallet-driven hosts' batches count here.
    const daemons = new Set(result.hosts.hosts.map((h) => h.address.toLowerCase()));
    const batches = logs
      .map(
        (l) =>
          decodeEventLog({ abi: storageMarketAbi, eventName: "ProofsSubmitted", topics: l.topics, data: l.data }).args,
      )
      .filter((b) => !daemons.has(b.submitter.toLowerCase()));
    expect(batches.reduce((a, b) => a + b.accepted, 0n)).to.equal(4n); // 2 hosts x 2 periods
    expect(batches.every((b) => b.accepted === b.entries)).to.equal(true);
    const executor = result.relayers.daemons.find((d) => d.role.executes)!;
    expect(new Set(batches.map((b) => b.submitter.toLowerCase()))).to.deep.equal(
      new Set([executor.account.toLowerCase()]),
    );
    expect((await recordsOf("relayer-c"))["storageProofs.proof:proven"]).to.equal(4);
  });

  it("stores the file through btt-host daemons and btt-storage, loses a host, repairs its shard onto a spare, retrieves", () => {
    const { hosts } = result.hosts;
    expect(hosts).to.have.length(profiles.short.dataShards + profiles.short.parityShards + 1);
    const lost = hosts.filter((h) => h.note.includes("stopped for good"));
    const spare = hosts.filter((h) => h.note.includes("took the repaired shard"));
    expect(lost).to.have.length(1);
    expect(spare).to.have.length(1);
    expect(spare[0]!.proven).to.be.at.least(1);
    expect(spare[0]!.claimed > 0n).to.equal(true);
    for (const h of hosts) expect(h.proven, h.name).to.be.at.least(1);
    for (const step of [
      "btt-storage store:",
      "reported by Bob;",
      "btt-storage repair: shard 0 rebuilt",
      "btt-storage retrieve:",
    ])
      expect(
        lines.some((l) => l.includes(step)),
        step,
      ).to.equal(true);
  });

  it("downloads the file from two paid seeders, who claim exactly what they served", () => {
    const t = result.transfer;
    const price = profiles.short.pricePerPiece;
    expect(t.pieces).to.equal(9); // 2 MiB + 777 bytes in 256 KiB pieces
    expect(t.paid).to.equal(9n * price);
    expect(t.seeders).to.have.length(2);
    for (const s of t.seeders) {
      expect(s.pieces).to.be.greaterThan(0);
      expect(s.claimed).to.equal(BigInt(s.pieces) * price);
    }
    expect(t.seeders.reduce((n, s) => n + s.claimed, 0n)).to.equal(t.paid);
    expect(t.poolLeft).to.equal(poolDeposit - t.paid);
  });

  it("turns any difference into a StoryMismatch naming what differed (npm start exits 1 with it)", () => {
    expect(() => expectEqual(1n, 2n, "Alice's USDT_e")).to.throw(StoryMismatch, "Alice's USDT_e: expected 2, got 1");
    expect(() => expectEqual(2n, 2n, "same")).to.not.throw();
  });

  it("prints the summary tables", () => {
    const out: string[] = [];
    printSummary(result, 1_000, (line) => out.push(line));
    const text = out.join("\n");
    expect(text).to.match(/Alice\s+Ethereum\s+BTT\s+200\s/);
    expect(text).to.match(/StorageMarket\s+BitTorrent Chain\s+USDT_e\s+0\s/);
    // How the daemon splits a period's proofs into batches depends on when the hosts' files land; the
    // story checks that every proof was accepted, the summary lists each batch with its gas.
    expect(text).to.match(/BitTorrent Chain\s+submitProofs \(\d+ deals\)\s+\d{5,}\n/);
    // The gas of the deployments (creation transactions found from the manifests' creation blocks).
    for (const contract of ["BTTToken", "StakeManager", "RootBridge"])
      expect(text).to.match(new RegExp(`TRON\\s+deploy ${contract}\\s+\\d{6,}\\n`));
    for (const contract of ["ChildBridge", "PaymentChannels", "StorageMarket"])
      expect(text).to.match(new RegExp(`BitTorrent Chain\\s+deploy ${contract}\\s+\\d{6,}\\n`));
    expect(text).to.include("Story complete (short profile)");
    expect(text).to.match(/Relayer daemons \(from the story's transaction/);
    expect(text).to.match(/TRON deposit → executed on BTTC\s+\d+\.\d\d/);
  });

  it("deploys every chain through deployNetwork() in the operator order, with the local parameter files, and wires the child", async () => {
    const m = result.deployment.manifests;
    const keys = (name: keyof typeof m) => Object.keys(m[name].contracts);
    // deploy/modules.ts's keys (the SDK's too), then the story's extra tokens under their own keys.
    expect(keys("tron")).to.deep.equal([
      "token",
      "stakeManager",
      "validatorSet",
      "inbox",
      "outbox",
      "rootBridge",
      "testUsdt",
    ]);
    expect(keys("bttc")).to.deep.equal([
      "validatorSet",
      "inbox",
      "outbox",
      "childBridge",
      "paymentChannels",
      "storageMarket",
      "childUsdtT",
      "childUsdtE",
      "childUsdtB",
      "childBttB",
    ]);
    for (const name of ["ethereum", "bnb"] as const)
      expect(keys(name)).to.deep.equal(["token", "validatorSet", "inbox", "outbox", "rootBridge", "testUsdt"]);
    const storyKeys: string[] = [
      storyTokenKeys.testUsdt,
      storyTokenKeys.childBttB,
      ...Object.values(storyTokenKeys.childUsdt),
    ];
    const deployKeys = new Set<string>(manifestContractKeys); // deploy/modules.ts's keys (test/deploy/manifests.test.ts)
    for (const manifest of Object.values(m)) {
      for (const key of Object.keys(manifest.contracts))
        expect(deployKeys.has(key) || storyKeys.includes(key), key).to.equal(true);
      expect(manifest.stakingHome).to.equal(manifest.network === "tron");
      expect(manifest.compiler).to.deep.equal({ solc: "0.8.30", evmVersion: "shanghai", optimizerRuns: 1000 });
    }
    // The parameter files' values went into the constructors.
    const tronParameters = JSON.parse(await readFile(join(repoRoot, "deploy/parameters/tron.json"), "utf8")) as {
      Staking: { params: unknown };
    };
    expect(m.tron.contracts.stakeManager?.constructorArgs?.[2]).to.deep.equal(tronParameters.Staking.params);
    expect(m.bttc.contracts.storageMarket?.constructorArgs).to.deep.equal([
      result.deployment.bttc.usdt.ethereum,
      10,
      1000,
      2000,
      2,
    ]);
    expect(m.bttc.contracts.paymentChannels?.constructorArgs).to.deep.equal([3600]);
    // The genesis set of the verifiers off the home: the four validators at epoch 0, powers their planned stakes in BTT,
    // and the set's maximum age from deploy/parameters/bttc.json.
    const genesisArgs = m.bttc.contracts.validatorSet?.constructorArgs;
    expect(genesisArgs?.slice(1).map((a) => (Array.isArray(a) ? a.length : a))).to.deep.equal(["0", 4, 4, 345600]);
    expect(new Set([...(genesisArgs?.[3] as string[])].sort())).to.deep.equal(
      new Set(["1000", "2000", "3000", "4000"]),
    );
    for (const name of ["tron", "ethereum", "bnb"] as const) {
      const rootBridge = m[name].contracts.rootBridge!;
      // Each RootBridge names BTTC's ChildBridge, and the wiring step registered it there.
      expect(rootBridge.constructorArgs?.slice(2, 4)).to.deep.equal(["199", m.bttc.contracts.childBridge!.address]);
      const registered = await rpcCall<string>(devnet.urls.bttc!, "eth_call", [
        {
          to: m.bttc.contracts.childBridge!.address,
          data: encodeFunctionData({
            abi: childBridgeAbi,
            functionName: "rootBridgeOf",
            args: [BigInt(m[name].chainId)],
          }),
        },
        "latest",
      ]);
      expect(getAddress(`0x${registered.slice(-40)}`)).to.equal(rootBridge.address);
    }
    expect(result.deployment.stakeManager).to.equal(m.tron.contracts.stakeManager!.address);
    expect(result.deployment.bttc.market).to.equal(m.bttc.contracts.storageMarket!.address);
    expect(lines).to.include("  ✓ BTTC's ChildBridge wired to the RootBridges of TRON, Ethereum, BNB Chain");
    // Fresh Ignition journals per run, removed once the manifests are built.
    expect(
      readdirSync(join(repoRoot, "deploy/ignition/deployments")).filter((d) => d.startsWith("devnet-")),
    ).to.deep.equal([]);
  });

  it("--keep: writes the deployment's manifests, which the SDK parses (addresses with code, creation blocks), and prints URLs and test keys", async () => {
    const dir = await mkdtemp(join(tmpdir(), "btt-devnet-"));
    try {
      const manifests = contractsOf(result.deployment);
      const files = await writeManifests(devnet.urls as ChainUrls, manifests, "test", dir);
      expect(files.map((f) => f.slice(dir.length + 1))).to.deep.equal([
        "bttc.json",
        "tron.json",
        "ethereum.json",
        "bnb.json",
      ]);
      for (const [i, chain] of devnet.chains.entries()) {
        const manifest = parseManifest(await readFile(files[i]!, "utf8"));
        expect(manifest).to.deep.equal({ ...manifests[chain.network as keyof typeof manifests], release: "test" });
        expect(manifest.chainId).to.equal(chain.chainId);
        expect(manifest.role).to.equal(chain.role);
        for (const [name, entry] of Object.entries(manifest.contracts)) {
          expect(entry.blockNumber, name).to.be.greaterThan(0n);
          // No code one block before its creation block, code at it.
          const codeAt = (block: bigint) =>
            rpcCall<string>(chain.url, "eth_getCode", [entry.address, `0x${block.toString(16)}`]);
          expect(await codeAt(entry.blockNumber - 1n), name).to.equal("0x");
          expect(await codeAt(entry.blockNumber), name).to.not.equal("0x");
        }
      }
      // A manifest is only written for the node serving its chain.
      const swapped = { ...devnet.urls, tron: devnet.urls.ethereum } as ChainUrls;
      let error: unknown;
      await writeManifests(swapped, manifests, "test", dir).catch((e: unknown) => (error = e));
      expect(error).to.be.instanceOf(ManifestChainMismatchError);
      const text = describeDevnet(devnet, manifests, files).join("\n");
      for (const c of devnet.chains) expect(text).to.include(c.url);
      expect(text).to.match(/childUsdtE\s+ChildToken\s+\d+\s+0x/);
      expect(text).to.include(`(${toTronAddress(manifests.tron.contracts.stakeManager!.address)})`);
      expect(text).to.include("TEST ONLY");
      expect(text).to.include("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"); // account 0, Hardhat's well-known key
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
