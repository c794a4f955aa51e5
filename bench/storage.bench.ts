/**
 * Storage benchmark (DESIGN section 14, issue "Storage-deal escrow"):
 * - gas per challenge verified for a 1 GiB shard (depth 25) in batches of 1, 10 and 50 challenges,
 *   each challenge from its own deal and host (the strict case: no shared deal or host writes), plus
 *   a host's whole period with k = 3 and batches of deals with k = 5 for comparison;
 * - `prepare` (AES-256-GCM + Reed-Solomon 3 + 2 + five shard commitments + shard writes) on 256 MiB
 *   against node:crypto streaming SHA-256 of the same file, measured in the same run.
 * The 1 GiB shard is never materialised: it is one random 256 KiB piece repeated 4096 times, so its
 * tree is the piece's subtree under 12 levels of identical nodes; proofs are real (random-looking
 * siblings, full calldata cost) and built with ContentTree from the piece roots.
 */
import { createHash, randomBytes, randomFillSync } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { bytesToHex, hexToBytes, keccak256, toHex, type Address, type Hex } from "viem";

import { ContentTree, DEFAULT_PIECE_SIZE, hashNode, pieceRootOf } from "../sdk/src/commitment/index.ts";
import { acceptDeal, pokeSeed, prepare, proofOutcome, setHost, signDeal, submitProofs, type PeriodProof } from "../sdk/src/storage/index.ts";
import { BTT, deployStorage, EPOCH } from "../test/storage/fixture.ts";
import { bestOf, report, type BenchRow } from "./lib/report.ts";

const GIB = 1n << 30n;

// ---- gas: a 1 GiB shard
const piece = new Uint8Array(randomBytes(DEFAULT_PIECE_SIZE));
const pieceCount = Number(GIB / BigInt(DEFAULT_PIECE_SIZE));
const pieceRoot = hexToBytes(pieceRootOf(GIB, DEFAULT_PIECE_SIZE, 0, piece));
const pieceRoots = new Uint8Array(pieceCount * 32);
for (let i = 0; i < pieceCount; i++) pieceRoots.set(pieceRoot, i * 32);
let node = pieceRoot;
for (let n = pieceCount; n > 1; n /= 2) node = hashNode(node, node);
const tree = new ContentTree({ root: bytesToHex(node), size: GIB }, DEFAULT_PIECE_SIZE, pieceRoots);
if (tree.geometry.depth !== 25) throw new Error(`expected depth 25, got ${tree.geometry.depth}`);

const env = await deployStorage();
const { connection, wallets, market } = env;
const client = wallets[0]!;
const relayer = wallets[1]!;
await env.fund(client, 1_000_000n * BTT);
let nonce = 0n;

/** `count` fresh hosts (impersonated accounts), registered and funded. */
async function makeHosts(count: number, tag: string) {
  const hosts = [];
  for (let i = 0; i < count; i++) {
    const address = `0x${keccak256(toHex(`${tag}-${i}`)).slice(26)}` as Address;
    await env.networkHelpers.impersonateAccount(address);
    await env.networkHelpers.setBalance(address, 10n ** 20n);
    const host = await connection.viem.getWalletClient(address);
    await env.fund(host, 10_000n * BTT);
    await env.wait(await setHost(host, { market: market.address, capacity: 1n << 40n, pricePerGiBPerPeriod: BTT, collateralPerGiB: BTT, endpoint: "" }));
    hosts.push(host);
  }
  return hosts;
}

/** Gas of one submitProofs transaction proving period 0 of `deals` deals with `k` challenges each. */
async function batchGas(deals: number, k: number, hostCount: number, tag: string): Promise<bigint> {
  const hosts = await makeHosts(hostCount, tag);
  const base = await env.offer({ client: client.account.address, host: hosts[0]!.account.address, root: tree.commitment.root, size: GIB }, 10n + BigInt(deals) * 2n);
  const ids: Hex[] = [];
  for (let i = 0; i < deals; i++) {
    const host = hosts[Math.floor((i * hostCount) / deals)]!; // a host's deals are adjacent in the batch
    const terms = { ...base, host: host.account.address, challengesPerPeriod: BigInt(k), nonce: ++nonce, deadline: base.start };
    const { signature } = await signDeal({ signer: client, terms });
    const { hash, id } = await acceptDeal(host, { market: market.address, terms, signature });
    await env.wait(hash);
    ids.push(id);
  }
  await env.mineTo(base.start + 1n);
  await env.wait(await pokeSeed(relayer, { market: market.address, epoch: base.start / EPOCH }));
  const proofs: PeriodProof[] = [];
  for (const id of ids) {
    const indices = await market.read.challengeIndices([id, 0n]);
    const data: Hex[] = [];
    for (const index of indices) {
      const p = tree.proveSegment(index, piece);
      data.push(p.segment, ...p.proof);
    }
    proofs.push({ id, period: 0n, data });
  }
  const [hash] = await submitProofs(relayer, { market: market.address, proofs, batchSize: deals });
  const receipt = await env.wait(hash!);
  const outcome = proofOutcome(receipt);
  if (outcome.proven.length !== deals) throw new Error(`only ${outcome.proven.length} of ${deals} proofs accepted`);
  return receipt.gasUsed;
}

const reference = "keccak-tree baseline 20.5k-25.3k per challenge in batches; sha256 d=25: 29.8k (50 deals, k=1), 25.0k (10 deals, k=5)";
const gas1 = await batchGas(1, 1, 1, "b1");
const gas10 = await batchGas(10, 1, 10, "b10");
const gas50 = await batchGas(50, 1, 50, "b50");
const gasK5 = await batchGas(10, 5, 10, "k5");
const gasK3 = await batchGas(10, 3, 10, "k3");
const gasRows: BenchRow[] = [
  { metric: "proof_gas_per_challenge_batch1_1gib", value: Number(gas1), unit: "gas", reference: "1 deal, k=1, whole tx incl. 21k base", target: 25_000 },
  { metric: "proof_gas_per_challenge_batch10_1gib", value: Number(gas10 / 10n), unit: "gas", reference: `10 deals x k=1, 10 hosts; ${reference}`, target: 25_000 },
  { metric: "proof_gas_per_challenge_batch50_1gib", value: Number(gas50 / 50n), unit: "gas", reference: `50 deals x k=1, 50 hosts; ${reference}`, target: 25_000 },
  { metric: "proof_gas_per_challenge_batch50_1gib_k5", value: Number(gasK5 / 50n), unit: "gas", reference: "10 deals x k=5, 10 hosts (50 challenges)", target: 25_000 },
  { metric: "period_gas_k3_1gib", value: Number(gasK3 / 10n), unit: "gas", reference: "a host's whole period, k=3, in a batch of 10 deals/hosts", target: 60_000 },
];

// ---- prepare throughput vs streaming SHA-256 of the same file
const SIZE = 256 * 1024 * 1024;
const dir = await mkdtemp(join(tmpdir(), "btt-bench-storage-"));
const input = join(dir, "input.bin");
{
  const data = new Uint8Array(SIZE);
  for (let offset = 0; offset < SIZE; offset += 1 << 26) randomFillSync(data, offset, Math.min(1 << 26, SIZE - offset));
  await writeFile(input, data);
}

async function sha256Stream(): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(input, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function prepareOnce(): Promise<void> {
  const outDir = join(dir, "out");
  await prepare({ input, outDir });
  await rm(outDir, { recursive: true, force: true });
}

let shaMs = Number.POSITIVE_INFINITY;
let prepareMs = Number.POSITIVE_INFINITY;
await sha256Stream();
for (let i = 0; i < 2; i++) {
  shaMs = Math.min(shaMs, await bestOf(1, sha256Stream));
  prepareMs = Math.min(prepareMs, await bestOf(1, prepareOnce));
}
await rm(dir, { recursive: true, force: true });
const mb = SIZE / 1e6;
const shaRate = mb / (shaMs / 1000);
const prepareRate = mb / (prepareMs / 1000);

await report("storage", [
  ...gasRows,
  { metric: "prepare_mb_per_s", value: prepareRate, unit: "MB/s", reference: "256 MiB file: AES-256-GCM + RS(3,2) + 5 shard trees + shard writes", better: "higher" },
  { metric: "sha256_stream_mb_per_s", value: shaRate, unit: "MB/s", reference: "node:crypto streaming SHA-256 of the same file, same run", better: "higher" },
  { metric: "prepare_ratio_vs_sha256", value: prepareRate / shaRate, unit: "ratio", reference: "prepare rate / streaming SHA-256 rate", better: "higher" },
]);
