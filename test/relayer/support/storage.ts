/**
 * A StorageMarket on a hardhat node for the storage-proof submitter tests: a token, hosts with
 * shards on disk, deals signed by a client and accepted by their hosts, seeds, and hosts' proofs
 * written the way a host publishes them (a folder of JSON files, or an HTTP endpoint).
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { erc20Abi, maxUint256, type Abi, type Address, type Hex } from "viem";
import { generatePrivateKey } from "viem/accounts";

import { ContentTree } from "../../../sdk/src/commitment/index.ts";
import {
  acceptDeal,
  buildPeriodProof,
  pokeSeed,
  setHost,
  signDeal,
  type PeriodProof,
} from "../../../sdk/src/storage/index.ts";
import { proofToJson } from "../../../relayer/src/duties/storageProofs/sources.ts";
import { deploy, send, walletFor } from "./bridge.ts";
import { DEPLOYER_KEY, deployToken, mintAbi, publicClientFor, tempDir, type TestConfig } from "./fixture.ts";
import type { HardhatNode } from "./node.ts";

export const EPOCH = 10n;
const BTT = 10n ** 18n;

export interface Host {
  readonly key: Hex;
  readonly wallet: ReturnType<typeof walletFor>;
  readonly address: Address;
}

export interface Deal {
  readonly id: Hex;
  readonly host: Host;
  readonly shardPath: string;
  readonly tree: ContentTree;
  readonly price: bigint;
}

export interface Market {
  readonly node: HardhatNode;
  readonly address: Address;
  readonly token: Address;
  readonly fromBlock: number;
  readonly dir: string;
  readonly deals: Deal[];
  /** First block of period 0 of every deal; periods last `periodLength` blocks. */
  start: bigint;
  readonly periodLength: bigint;
}

async function funded(node: HardhatNode, token: Address, market: Address): Promise<Host> {
  const key = generatePrivateKey();
  const wallet = walletFor(node, key);
  await node.rpc("hardhat_setBalance", [wallet.account.address, `0x${(10n ** 21n).toString(16)}`]);
  await send(node, {
    address: token,
    abi: mintAbi as Abi,
    functionName: "mint",
    args: [wallet.account.address, 1_000n * BTT],
  });
  await send(node, { address: token, abi: erc20Abi as Abi, functionName: "approve", args: [market, maxUint256] }, key);
  return { key, wallet, address: wallet.account.address };
}

/** Mines until the latest block is at least `target`. */
export async function mineTo(node: HardhatNode, target: bigint): Promise<void> {
  const head = await publicClientFor(node).getBlockNumber({ cacheTime: 0 });
  if (head < target) await node.rpc("hardhat_mine", [`0x${(target - head).toString(16)}`]);
}

/**
 * A market with `hosts` hosts and `dealsPerHost[i]` deals for host i (a 16 KiB random shard each,
 * 3 periods of `periodLength` blocks, 3 challenges), all starting at the same epoch boundary.
 */
export async function deployMarket(
  node: HardhatNode,
  dealsPerHost: readonly number[],
  periodLength = 4n * EPOCH,
): Promise<Market> {
  const token = await deployToken(node);
  const deployed = await deploy(node, "storage/StorageMarket.sol/StorageMarket.json", [
    token,
    EPOCH,
    1_000n,
    2_000n,
    2n,
  ]);
  const market = deployed.address;
  const client = await funded(node, token, market);
  const dir = tempDir("btt-relayer-storage-");
  const hosts: Host[] = [];
  for (let i = 0; i < dealsPerHost.length; i++) {
    const host = await funded(node, token, market);
    await publicClientFor(node).waitForTransactionReceipt({
      hash: await setHost(host.wallet, {
        market,
        capacity: 1n << 30n,
        pricePerGiBPerPeriod: 0n,
        collateralPerGiB: 0n,
        endpoint: "",
      }),
      pollingInterval: 20,
    });
    hosts.push(host);
  }
  const now = await publicClientFor(node).getBlockNumber({ cacheTime: 0 });
  const total = dealsPerHost.reduce((a, b) => a + b, 0);
  const start = ((now + BigInt(total) * 2n + 20n) / EPOCH + 1n) * EPOCH;
  const deals: Deal[] = [];
  let nonce = 0n;
  for (const [h, count] of dealsPerHost.entries()) {
    for (let d = 0; d < count; d++) {
      const shardPath = join(dir, `shard-${h}-${d}.bin`);
      writeFileSync(shardPath, randomBytes(16 << 10));
      const tree = await ContentTree.fromSource(shardPath);
      const price = BTT + BigInt(deals.length) * 1_001n;
      const terms = {
        chainId: BigInt(node.chainId),
        market,
        client: client.address,
        host: hosts[h]!.address,
        root: tree.commitment.root,
        size: tree.commitment.size,
        start,
        periods: 3n,
        periodLength,
        pricePerPeriod: price,
        collateral: 10n * BTT,
        challengesPerPeriod: 3n,
        nonce: nonce++,
        deadline: now + 500n,
      };
      const signed = await signDeal({ signer: client.wallet.account, terms });
      const { hash, id } = await acceptDeal(hosts[h]!.wallet, { market, terms, signature: signed.signature });
      await publicClientFor(node).waitForTransactionReceipt({ hash, pollingInterval: 20 });
      deals.push({ id, host: hosts[h]!, shardPath, tree, price });
    }
  }
  return { node, address: market, token, fromBlock: deployed.block, dir, deals, start, periodLength };
}

/** Mines into `period`'s proof window and records its seed. */
export async function openPeriod(market: Market, period: bigint): Promise<void> {
  const start = market.start + period * market.periodLength;
  await mineTo(market.node, start + 1n);
  const poker = walletFor(market.node, DEPLOYER_KEY);
  await publicClientFor(market.node).waitForTransactionReceipt({
    hash: await pokeSeed(poker, { market: market.address, epoch: start / EPOCH }),
    pollingInterval: 20,
  });
}

export async function proofOf(market: Market, deal: Deal, period: bigint): Promise<PeriodProof> {
  return buildPeriodProof(publicClientFor(market.node), {
    market: market.address,
    id: deal.id,
    period,
    shardPath: deal.shardPath,
    tree: deal.tree,
  });
}

/** Writes a proof file the way a host should: a temporary name, then an atomic rename. */
export function writeProofFile(dir: string, proof: PeriodProof): void {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${proof.id}-${proof.period}.json`);
  writeFileSync(`${path}.tmp`, proofToJson(proof));
  renameSync(`${path}.tmp`, path);
}

/** A host endpoint serving `proofs()` as a JSON array. */
export async function serveProofs(
  proofs: () => readonly PeriodProof[],
): Promise<{ url: string; server: Server; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(`[${proofs().map(proofToJson).join(",")}]`);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/proofs`, server, requests: () => requests };
}

export function writeStorageConfig(options: {
  market: Market;
  key: Hex;
  sources: readonly ({ dir: string } | { url: string })[];
  duty?: Record<string, unknown>;
}): TestConfig {
  const dir = tempDir("btt-relayer-proofs-");
  const config = {
    sendTransactions: true,
    chains: {
      bttc: {
        rpcUrl: options.market.node.url,
        confirmations: 1,
        pollIntervalMs: 100,
        rpcTimeoutMs: 2_000,
        fees: { stuckAfterMs: 3_000 },
      },
    },
    keys: { submitter: {} },
    store: { path: "relayer.db" },
    http: { port: 0 },
    log: { level: "warn" },
    duties: {
      storageProofs: {
        chain: "bttc",
        key: "submitter",
        intervalMs: 100,
        market: options.market.address,
        fromBlock: options.market.fromBlock,
        sources: options.sources,
        ...options.duty,
      },
    },
  };
  const file = join(dir, "relayer.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return { dir, file, requestsFile: join(dir, "unused.json"), env: { BTT_RELAYER_KEY_SUBMITTER: options.key } };
}
