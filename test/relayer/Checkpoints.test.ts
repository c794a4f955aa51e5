import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { expect } from "chai";
import { keccak256, toHex, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import { getBlockRangeRoot, inboxAbi, outboxAbi } from "../../sdk/src/bridge/index.ts";
import { hashMessage, signMessage, toHighS, type Checkpoint } from "../../sdk/src/messages/index.ts";
import { getEpoch, getVerifierState } from "../../sdk/src/staking/index.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import { parseConfig } from "../../relayer/src/config/load.ts";
import { toJson } from "../../relayer/src/consensus/codec.ts";
import { BridgeReads } from "../../relayer/src/consensus/reads.ts";
import { publicClientFor, waitFor, type TestConfig } from "./support/fixture.ts";
import { freePort, sharedNode, type HardhatNode } from "./support/node.ts";
import { startInProcess, type StartedRelayer } from "./support/relayer.ts";
import {
  advanceEpoch,
  contractsSection,
  deployHome,
  deployMessaging,
  intervalMining,
  sendMessages,
  stakeValidators,
  validatorAccounts,
  writeBridgeConfig,
  type ChainDeployment,
} from "./support/validators.ts";

const CONFIRMATIONS = 3;

async function inboxCount(dest: ChainDeployment, sourceChainId: number): Promise<bigint> {
  const state = await publicClientFor(dest.node).readContract({
    address: dest.inbox,
    abi: inboxAbi,
    functionName: "sourceState",
    args: [BigInt(sourceChainId)],
  });
  return state.messageCount;
}

async function post(
  url: string,
  token: string | undefined,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A peer that answers every proposal with bad signatures: another key, another digest, garbage, high s. */
async function badPeer(
  validators: readonly PrivateKeyAccount[],
): Promise<{ server: Server; url: string; hits: () => number }> {
  let hits = 0;
  const stranger = privateKeyToAccount(generatePrivateKey());
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      hits++;
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { checkpoint?: Record<string, string> };
      void (async () => {
        const signatures: unknown[] = [
          { signer: "garbage", signature: "0x1234" },
          42,
          { signer: validators[3]!.address },
        ];
        if (body.checkpoint !== undefined) {
          const checkpoint = { ...body.checkpoint } as unknown as Checkpoint;
          const typed = Object.fromEntries(
            Object.entries(checkpoint).map(([k, v]) => [k, /^\d+$/.test(String(v)) ? BigInt(v as string) : v]),
          ) as unknown as Checkpoint;
          const other = { ...typed, messageCount: typed.messageCount + 1n };
          signatures.push({
            signer: validators[0]!.address,
            signature: await signMessage(stranger, "Checkpoint", typed),
          });
          signatures.push({
            signer: validators[1]!.address,
            signature: await signMessage(validators[1]!, "Checkpoint", other),
          });
          signatures.push({
            signer: validators[2]!.address,
            signature: toHighS(await signMessage(validators[2]!, "Checkpoint", typed)),
          });
          signatures.push({ signer: stranger.address, signature: await signMessage(stranger, "Checkpoint", typed) });
        }
        response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ signatures }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

async function openRecords(relayer: StartedRelayer, duty: string): Promise<number> {
  const terminal = ["accepted", "superseded", "abandoned", "failed", "rotated"];
  return (await relayer.store.countRecordsByState(duty))
    .filter((s) => !terminal.includes(s.state))
    .reduce((a, s) => a + s.count, 0);
}

function metricValue(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? 0 : Number(line.split(" ").pop());
}

describe("Relayer checkpoints and rotations: three relayers, four validator keys, hardhat nodes", function () {
  this.timeout(180_000);

  let bttc: ChainDeployment;
  let ethereum: ChainDeployment;
  let bnb: ChainDeployment;
  let nodes: HardhatNode[];
  const validators = validatorAccounts("relay-ckpt");
  const tokens = ["token-a-0123456789abcdef", "token-b-0123456789abcdef", "token-c-0123456789abcdef"];
  const relayers: StartedRelayer[] = [];
  const configs: TestConfig[] = [];
  let ports: number[];
  let bad: Awaited<ReturnType<typeof badPeer>>;
  let stopMining: () => Promise<void>;
  const submitters = [generatePrivateKey(), generatePrivateKey()];

  before(async function () {
    const [b, e, n] = await Promise.all([sharedNode(199), sharedNode(1), sharedNode(56)]);
    nodes = [b, e, n];
    const genesis = validators.map((v) => ({ signer: v.address, power: 100n }));
    [bttc, ethereum, bnb] = await Promise.all([
      deployMessaging(b, "bttc", genesis),
      deployMessaging(e, "ethereum", genesis),
      deployHome(n, "bnb"),
    ]);
    for (const key of submitters)
      for (const node of nodes)
        await node.rpc("hardhat_setBalance", [privateKeyToAccount(key).address, "0x56bc75e2d63100000"]);
    bad = await badPeer(validators);
    ports = await Promise.all([freePort(), freePort(), freePort()]);
    const chains = [bttc, ethereum, bnb];
    const peer = (i: number) => ({
      url: `http://127.0.0.1:${ports[i]}`,
      tokenEnv: `PEER_TOKEN_${i}`,
      token: tokens[i]!,
    });
    const streams = [
      { source: "ethereum", dest: "bttc" },
      { source: "bnb", dest: "bttc" },
    ];
    const specs = [
      // Relayer A: validators 0 and 1, aggregator and rotation submitter; asks B, C and a bad peer.
      {
        validators: validators.slice(0, 2),
        submitter: submitters[0],
        checkpoints: { streams, maxIntervalMs: 600_000 },
        rotations: { targets: ["bttc", "ethereum", "bnb"] },
        peers: [peer(1), peer(2), { url: bad.url, tokenEnv: "PEER_TOKEN_BAD", token: "whatever-token-123" }],
      },
      // Relayer B: validator 2, a second aggregator racing A.
      {
        validators: validators.slice(2, 3),
        submitter: submitters[1],
        checkpoints: { streams, maxIntervalMs: 600_000 },
        peers: [peer(0), peer(2)],
      },
      // Relayer C: validator 3, signer only.
      { validators: validators.slice(3, 4) },
    ];
    for (const [i, spec] of specs.entries()) {
      const config = writeBridgeConfig(chains, "bnb", {
        ...spec,
        port: ports[i]!,
        authToken: tokens[i]!,
        confirmations: CONFIRMATIONS,
      });
      configs.push(config);
      relayers.push(await startInProcess(config, {}, "info"));
    }
    stopMining = await intervalMining(nodes, 150);
  });

  afterEach(async function () {
    if (this.currentTest?.state === "failed" && process.env.RELAYER_TEST_VERBOSE)
      for (const [i, relayer] of relayers.entries())
        for (const line of relayer.logs.filter((l) => Number(l.level) >= 40).slice(-15))
          console.log(`relayer ${i}`, JSON.stringify(line));
  });

  after(async function () {
    await stopMining?.();
    for (const relayer of relayers) await relayer.stop("test done");
    bad?.server.close();
  });

  it("checkpoints messages from two sources to BTTC; bad signatures from a peer are dropped and counted", async function () {
    await sendMessages(ethereum, 199, 3, "eth");
    await sendMessages(bnb, 199, 2, "bnb");
    await waitFor(
      "both streams checkpointed",
      async () => (await inboxCount(bttc, 1)) === 3n && (await inboxCount(bttc, 56)) === 2n,
      60_000,
      200,
    );
    await waitFor(
      "every proposal settled",
      async () => {
        for (const r of relayers.slice(0, 2)) if ((await openRecords(r, "checkpoints")) !== 0) return false;
        return true;
      },
      30_000,
      100,
    );

    // The checkpointed roots are the Outbox roots: messages can be executed against them.
    const client = publicClientFor(bttc.node);
    for (const [source, id] of [
      [ethereum, 1n],
      [bnb, 56n],
    ] as const) {
      const root = await publicClientFor(source.node).readContract({
        address: source.outbox,
        abi: outboxAbi,
        functionName: "root",
        args: [199n],
      });
      const count = await client.readContract({
        address: bttc.inbox,
        abi: inboxAbi,
        functionName: "rootMessageCount",
        args: [id, root],
      });
      expect(count, `root of chain ${id}`).to.be.greaterThan(0n);
    }
    // TRON's way of reading a stream (its logs, leaves recomputed) gives the same count and root as a call at the block.
    const reads = new BridgeReads(
      parseConfig(JSON.parse(readFileSync(configs[0]!.file, "utf8"))),
      { home: "bnb", contracts: contractsSection([bttc, ethereum, bnb]) as never },
      new Map([
        ["ethereum", publicClientFor(ethereum.node)],
        ["bttc", publicClientFor(bttc.node)],
        ["bnb", publicClientFor(bnb.node)],
      ]),
    );
    const at = await publicClientFor(ethereum.node).getBlockNumber({ cacheTime: 0 });
    expect(await reads.outboxFromLogs("ethereum", 199n, at)).to.deep.equal(await reads.outboxAt("ethereum", 199n, at));
    expect((await reads.outboxFromLogs("ethereum", 199n, at)).count).to.equal(3n);

    // Both aggregators ended every record cleanly (accepted, or superseded by the other one).
    for (const relayer of relayers.slice(0, 2)) {
      const states = await relayer.store.countRecordsByState("checkpoints");
      expect(
        states.filter((s) => !["accepted", "superseded", "collecting"].includes(s.state)),
        JSON.stringify(states),
      ).to.deep.equal([]);
    }
    const accepted = (await Promise.all(relayers.slice(0, 2).map((r) => r.store.countRecordsByState("checkpoints"))))
      .flat()
      .filter((s) => s.state === "accepted");
    expect(accepted.reduce((a, s) => a + s.count, 0)).to.be.at.least(2);

    // The bad peer was asked and every bad entry was counted; none reached a proof (the submissions verified on chain).
    expect(bad.hits()).to.be.greaterThan(0);
    const metrics = await relayers[0]!.metrics.registry.metrics();
    expect(metricValue(metrics, "relayer_signatures_bad_total", `peer="${bad.url}"`)).to.be.at.least(7);
    // Every validator signed (stored before answering).
    for (const [i, relayer] of relayers.entries())
      expect(
        (await relayer.store.countRecordsByState("signer")).find((s) => s.state === "signed")?.count ?? 0,
        `relayer ${i}`,
      ).to.be.greaterThan(0);
  });

  it("carries an epoch change on the staking home to the other chains' verifiers, then checkpoints under the new set", async function () {
    await stakeValidators(bnb, validators, [150n, 250n, 350n, 450n]);
    await advanceEpoch(bnb);
    const epoch = await getEpoch(publicClientFor(bnb.node), { stakeManager: bnb.stakeManager as Address });
    expect(epoch.epoch).to.equal(1n);
    for (const chain of [bttc, ethereum, bnb])
      await waitFor(
        `${chain.name} verifier at epoch 1`,
        async () => {
          const state = await getVerifierState(publicClientFor(chain.node), { validatorSet: chain.validatorSet });
          return state.epoch === 1n && state.setHash === epoch.setHash;
        },
        60_000,
        200,
      );
    await waitFor("rotations settled", async () => (await openRecords(relayers[0]!, "rotations")) === 0, 30_000, 100);
    const rotations = await relayers[0]!.store.countRecordsByState("rotations");
    expect(rotations, JSON.stringify(rotations)).to.deep.equal([{ duty: "rotations", state: "rotated", count: 3 }]);

    await sendMessages(ethereum, 199, 1, "after-rotation");
    await waitFor("checkpoint under epoch 1", async () => (await inboxCount(bttc, 1)) === 4n, 60_000, 200);
  });

  it("never signs over blocks a reorg removed before they were confirmed", async function () {
    const eth = ethereum.node;
    await eth.rpc("evm_setIntervalMining", [0]);
    const client = publicClientFor(eth);
    const snapshot = await eth.rpc<Hex>("evm_snapshot");
    const forkPoint = await client.getBlockNumber({ cacheTime: 0 });
    await sendMessages(ethereum, 199, 1, "orphan");
    await eth.rpc("evm_mine");
    // A proposal over the unconfirmed head is refused by every validator.
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const state = await publicClientFor(bttc.node).readContract({
      address: bttc.inbox,
      abi: inboxAbi,
      functionName: "sourceState",
      args: [1n],
    });
    const outboxAt = async (n: bigint) => ({
      count: await client.readContract({
        address: ethereum.outbox,
        abi: outboxAbi,
        functionName: "messageCount",
        args: [199n],
        blockNumber: n,
      }),
      root: await client.readContract({
        address: ethereum.outbox,
        abi: outboxAbi,
        functionName: "root",
        args: [199n],
        blockNumber: n,
      }),
    });
    const at = await outboxAt(head);
    const unconfirmed: Checkpoint = {
      sourceChainId: 1n,
      destChainId: 199n,
      destContract: bttc.inbox,
      epoch: 1n,
      startBlock: state.nextStartBlock,
      endBlock: head,
      blockRoot: await getBlockRangeRoot(client, { startBlock: state.nextStartBlock, endBlock: head }),
      messageRoot: at.root,
      messageCount: at.count,
    };
    for (const [i, port] of ports.entries()) {
      const answer = await post(`http://127.0.0.1:${port}/v1/sign/checkpoint`, tokens[i], {
        checkpoint: toJson(unconfirmed),
      });
      expect(
        answer.status,
        `${JSON.stringify(answer.json)} head now ${await client.getBlockNumber({ cacheTime: 0 })} proposal ${head}`,
      ).to.equal(409);
      expect(answer.json.reason).to.equal("not-confirmed");
    }
    const orphaned = await Promise.all(
      [forkPoint + 1n, forkPoint + 2n].map((blockNumber) => client.getBlock({ blockNumber })),
    );
    expect(head).to.equal(forkPoint + 2n);
    // The reorg: the two blocks go away, other blocks (and another message) take their place.
    expect(await eth.rpc("evm_revert", [snapshot])).to.equal(true);
    await eth.rpc("evm_setNextBlockTimestamp", [Number((await client.getBlock()).timestamp) + 7]);
    await eth.rpc("evm_mine");
    await sendMessages(ethereum, 199, 1, "canonical");
    await eth.rpc("evm_setIntervalMining", [150]);
    await waitFor("the canonical message checkpointed", async () => (await inboxCount(bttc, 1)) === 5n, 60_000, 200);

    // Every signature any validator stored over ethereum blocks covers canonical blocks only.
    const orphanHashes = new Set(orphaned.map((b) => b.hash));
    let signedAfterFork = 0;
    for (const relayer of relayers) {
      const rows = (relayer.store as SqliteStore).db
        .prepare("SELECT id, data FROM duty_records WHERE duty = 'signer' AND id LIKE '%:checkpoint:1:%'")
        .all() as { id: string; data: string }[];
      expect(rows.length).to.be.greaterThan(0);
      for (const row of rows) {
        const [, , , , , start, end] = row.id.split(":");
        const blockRoot = (JSON.parse(row.data) as { content: string }).content.split(":")[0];
        const canonical = await getBlockRangeRoot(client, { startBlock: BigInt(start!), endBlock: BigInt(end!) });
        expect(blockRoot, row.id).to.equal(canonical);
        if (BigInt(end!) > forkPoint) signedAfterFork++;
      }
    }
    expect(signedAfterFork, "signatures over the heights the reorg replaced").to.be.greaterThan(0);
    const canonicalNow = await Promise.all(orphaned.map((b) => client.getBlock({ blockNumber: b.number })));
    expect(
      canonicalNow.some((b) => orphanHashes.has(b.hash)),
      "the orphaned blocks left the chain",
    ).to.equal(false);
  });

  it("the double-sign guard: one checkpoint per block range and signer, stored before it is returned", async function () {
    // Stop the aggregators: this test forces a reorg deeper than the confirmation depth.
    for (const relayer of relayers.slice(0, 2))
      for (const runner of relayer.runners)
        if (runner.duty.name === "checkpoints") await relayer.stop("aggregators off");
    const eth = ethereum.node;
    const client = publicClientFor(eth);
    await eth.rpc("evm_setIntervalMining", [0]);
    const snapshot = await eth.rpc<Hex>("evm_snapshot");
    await sendMessages(ethereum, 199, 1, "first view");
    for (let i = 0; i < CONFIRMATIONS; i++) await eth.rpc("evm_mine");
    const c = relayers[2]!; // relayer C: validator 3
    const url = `http://127.0.0.1:${ports[2]}`;
    const state = await publicClientFor(bttc.node).readContract({
      address: bttc.inbox,
      abi: inboxAbi,
      functionName: "sourceState",
      args: [1n],
    });
    const proposal = async (): Promise<Checkpoint> => {
      const end = (await client.getBlockNumber({ cacheTime: 0 })) - BigInt(CONFIRMATIONS) + 1n;
      return {
        sourceChainId: 1n,
        destChainId: 199n,
        destContract: bttc.inbox,
        epoch: 1n,
        startBlock: state.nextStartBlock,
        endBlock: end,
        blockRoot: await getBlockRangeRoot(client, { startBlock: state.nextStartBlock, endBlock: end }),
        messageRoot: await client.readContract({
          address: ethereum.outbox,
          abi: outboxAbi,
          functionName: "root",
          args: [199n],
          blockNumber: end,
        }),
        messageCount: await client.readContract({
          address: ethereum.outbox,
          abi: outboxAbi,
          functionName: "messageCount",
          args: [199n],
          blockNumber: end,
        }),
      };
    };
    const first = await proposal();
    const signed = await post(`${url}/v1/sign/checkpoint`, tokens[2], { checkpoint: toJson(first) });
    expect(signed.status, JSON.stringify(signed.json)).to.equal(200);
    const [signature] = signed.json.signatures as { signer: Address; signature: Hex }[];
    expect(signature?.signer).to.equal(validators[3]!.address);

    // A reorg deeper than the depth: the same range now has other blocks (and no message).
    await eth.rpc("evm_revert", [snapshot]);
    await eth.rpc("evm_setNextBlockTimestamp", [Number((await client.getBlock()).timestamp) + 11]);
    for (let i = 0; i < CONFIRMATIONS + 1; i++) await eth.rpc("evm_mine");
    const second = await proposal();
    expect(second.endBlock).to.be.at.least(first.endBlock);
    const conflicting = {
      ...second,
      endBlock: first.endBlock,
      blockRoot: await getBlockRangeRoot(client, { startBlock: first.startBlock, endBlock: first.endBlock }),
    };
    expect(conflicting.blockRoot).to.not.equal(first.blockRoot);
    const refused = await post(`${url}/v1/sign/checkpoint`, tokens[2], { checkpoint: toJson(conflicting) });
    expect(refused.status, JSON.stringify(refused.json)).to.equal(409);
    expect(refused.json.reason).to.equal("conflict");

    // Asking again for the first one returns the stored signature, byte for byte.
    const again = await post(`${url}/v1/sign/checkpoint`, tokens[2], { checkpoint: toJson(first) });
    expect(again.status).to.equal(200);
    expect((again.json.signatures as { signature: Hex }[])[0]?.signature).to.equal(signature?.signature);
    const stored = await fetch(`${url}/v1/signatures/${hashMessage("Checkpoint", first)}`, {
      headers: { authorization: `Bearer ${tokens[2]}` },
    });
    expect(stored.status).to.equal(200);
    expect(((await stored.json()) as { signatures: { signature: Hex }[] }).signatures[0]?.signature).to.equal(
      signature?.signature,
    );
    const metrics = await c.metrics.registry.metrics();
    expect(metricValue(metrics, "relayer_signer_refused_total", 'reason="conflict"')).to.be.at.least(1);

    // Authentication and input checks.
    expect((await post(`${url}/v1/sign/checkpoint`, undefined, { checkpoint: toJson(first) })).status).to.equal(401);
    expect(
      (await post(`${url}/v1/sign/checkpoint`, "wrong-token-0123456789", { checkpoint: toJson(first) })).status,
    ).to.equal(401);
    const malformed = await post(`${url}/v1/sign/checkpoint`, tokens[2], {
      checkpoint: { ...toJson(first), blockRoot: "0x12" },
    });
    expect(malformed.status).to.equal(400);
    expect(String(malformed.json.problems)).to.match(/checkpoint\.blockRoot/);
    expect((await post(`${url}/v1/sign/checkpoint`, tokens[2], "{not json")).status).to.equal(400);
    expect((await post(`${url}/v1/sign/rotation`, tokens[2], { rotation: { destChainId: "1" } })).status).to.equal(400);
    expect(
      (await fetch(`${url}/v1/signatures/0x12`, { headers: { authorization: `Bearer ${tokens[2]}` } })).status,
    ).to.equal(400);
    expect(
      (
        await fetch(`${url}/v1/signatures/${keccak256(toHex("nothing"))}`, {
          headers: { authorization: `Bearer ${tokens[2]}` },
        })
      ).status,
    ).to.equal(404);
    await eth.rpc("evm_setIntervalMining", [150]);
  });
});
