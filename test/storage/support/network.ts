/**
 * A storage network of real processes for the btt-host / btt-storage tests: one `hardhat node`
 * (shared for the run), a token and a StorageMarket deployed on it with a deployment manifest
 * written the way `npm start` writes one, `btt-host` daemons spawned from storage/bin with their
 * own keys, data folders and configs, and the `btt-storage` CLI run as a child process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { encryptKeystoreJsonSync } from "ethers";
import { erc20Abi, maxUint256, type Abi, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { HostStore, type PeriodState } from "../../../storage/src/host/store.ts";
import { deploy, send } from "../../relayer/support/bridge.ts";
import { deployToken, fundedAccount, publicClientFor } from "../../relayer/support/fixture.ts";
import { freePort, repoRoot, sharedNode, startHardhatNode, type HardhatNode } from "../../relayer/support/node.ts";

export { startHardhatNode };

export const EPOCH = 10n;
export const BTT = 10n ** 18n;
const SLASH_BPS = 1_000n;
const BOUNTY_BPS = 2_000n;
const MAX_MISSES = 2n;

export interface Network {
  readonly node: HardhatNode;
  readonly token: Address;
  readonly market: Address;
  /** The PaymentChannels pool hosts are paid on for serving (`paymentChannels` in the manifest). */
  readonly pool: Address;
  readonly dir: string;
  /** The deployment manifest naming the market (what hosts and clients are given). */
  readonly deployment: string;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** On the run's shared BTTC node, or on `node` (a bench starts and stops its own). */
export async function deployNetwork(given?: HardhatNode): Promise<Network> {
  const node = given ?? (await sharedNode(199));
  const token = await deployToken(node);
  const deployed = await deploy(node, "storage/StorageMarket.sol/StorageMarket.json", [
    token,
    EPOCH,
    SLASH_BPS,
    BOUNTY_BPS,
    MAX_MISSES,
  ]);
  const pool = await deploy(node, "payments/PaymentChannels.sol/PaymentChannels.json", [3600n]);
  const dir = tempDir("btt-storage-net-");
  const deployment = join(dir, "bttc.json");
  writeFileSync(
    deployment,
    JSON.stringify({
      version: 1,
      network: "bttc",
      chainId: 199,
      role: "child",
      deployedAt: new Date().toISOString(),
      release: "test",
      contracts: {
        token: { address: token, blockNumber: "0", contractName: "BTTToken" },
        storageMarket: {
          address: deployed.address,
          blockNumber: String(deployed.block),
          contractName: "StorageMarket",
        },
        paymentChannels: { address: pool.address, blockNumber: String(pool.block), contractName: "PaymentChannels" },
      },
    }),
  );
  return { node, token, market: deployed.address, pool: pool.address, dir, deployment };
}

/** A funded account (gas and `tokens` BTT) that approved the market. */
export async function account(net: Network, tokens: bigint): Promise<{ key: Hex; address: Address }> {
  const funded = await fundedAccount(net.node, net.token, tokens);
  await send(
    net.node,
    { address: net.token, abi: erc20Abi as Abi, functionName: "approve", args: [net.market, maxUint256] },
    funded.key,
  );
  return funded;
}

export async function blockNumber(net: Network): Promise<bigint> {
  return publicClientFor(net.node).getBlockNumber({ cacheTime: 0 });
}

export async function mineTo(net: Network, target: bigint): Promise<void> {
  const head = await blockNumber(net);
  if (head < target) await net.node.rpc("hardhat_mine", [`0x${(target - head).toString(16)}`]);
}

/** Polls `check` until it returns a value other than undefined (never a fixed sleep). */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface HostProcess {
  readonly key: Hex;
  readonly address: Address;
  readonly dir: string;
  readonly config: string;
  /** The HTTP port (a start that finds it taken moves to another and rewrites the config). */
  port: number;
  url: string;
  readonly output: string[];
  /** The key variables given to the process: `BTT_HOST_KEY`, or the keystore's path and password (editable before start). */
  readonly env: Record<string, string>;
  child: ChildProcess | undefined;
  start(): Promise<void>;
  /** SIGTERM, waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL, waits for the exit. */
  kill(): Promise<void>;
  /** The state of period `period` of deal `id` in the host's store (read-only while it runs). */
  period(id: Hex, period: bigint): PeriodState | undefined;
  dealState(id: Hex): string | undefined;
}

export interface HostOptions {
  readonly capacity?: bigint;
  readonly pricePerGiBPerPeriod?: bigint;
  readonly collateralPerGiB?: bigint;
  readonly proofs?: "submit" | "serve";
  readonly proofToken?: string;
  readonly pullStallMs?: number;
  /** The key in an encrypted v3 keystore file (`BTT_HOST_KEYSTORE`) with this password instead of `BTT_HOST_KEY`. */
  readonly keystorePassword?: string;
  /** Paid serving (`serving` in the config; default: the config's default price). */
  readonly serving?: {
    readonly pricePerPiece?: bigint;
    readonly creditPieces?: number;
    readonly paymentTimeoutMs?: number;
  };
}

/** A btt-host daemon process with its own funded key, data folder and config (not started). */
export async function createHost(net: Network, options: HostOptions = {}): Promise<HostProcess> {
  const funded = await account(net, 1_000n * BTT);
  const dir = tempDir("btt-host-");
  const port = await freePort();
  const config = join(dir, "host.json");
  const writeConfig = (port: number) =>
    writeFileSync(
      config,
      JSON.stringify({
        rpcUrl: net.node.url,
        manifest: net.deployment,
        dataDir: "data",
        capacity: String(options.capacity ?? 1n << 30n),
        pricePerGiBPerPeriod: String(options.pricePerGiBPerPeriod ?? 1_000n * BTT),
        collateralPerGiB: String(options.collateralPerGiB ?? 4_000n * BTT),
        listen: { host: "127.0.0.1", port },
        proofs: options.proofs ?? "submit",
        pollMs: 100,
        pullStallMs: options.pullStallMs ?? 20_000,
        ...(options.serving === undefined ? {} : { serving: toJsonValue(options.serving) }),
      }),
    );
  writeConfig(port);
  const output: string[] = [];
  const env: Record<string, string> = {};
  if (options.keystorePassword === undefined) env.BTT_HOST_KEY = funded.key;
  else {
    const keystore = join(dir, "host.keystore.json");
    const json = encryptKeystoreJsonSync(
      { address: funded.address, privateKey: funded.key },
      options.keystorePassword,
      { scrypt: { N: 1 << 12 } },
    );
    writeFileSync(keystore, json);
    Object.assign(env, { BTT_HOST_KEYSTORE: keystore, BTT_HOST_KEYSTORE_PASSWORD: options.keystorePassword });
  }
  const host: HostProcess = {
    key: funded.key,
    address: funded.address,
    dir,
    config,
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    env,
    child: undefined,
    async start() {
      // The port was free when drawn; another program may have bound it since. The daemon then
      // exits naming it, and the host moves to another port (a bounded number of times).
      for (let attempt = 1; ; attempt++) {
        try {
          return await launch();
        } catch (error) {
          if (attempt === 3 || !(error instanceof PortTakenError)) throw error;
          host.port = await freePort();
          host.url = `http://127.0.0.1:${host.port}`;
          writeConfig(host.port);
        }
      }
    },
    async stop() {
      await signal(host.child, "SIGTERM");
    },
    async kill() {
      await signal(host.child, "SIGKILL");
    },
    period(id, period) {
      return withStore(dir, (store) => store.period(id, period)?.state);
    },
    dealState(id) {
      return withStore(dir, (store) => store.deal(id)?.state);
    },
  };
  async function launch(): Promise<void> {
    const child = spawn(
      process.execPath,
      [join(repoRoot, "storage", "bin", "btt-host.js"), "start", "--config", config],
      {
        env: {
          PATH: process.env.PATH,
          NODE_OPTIONS: process.env.NODE_OPTIONS,
          ...env,
          ...(options.proofToken === undefined ? {} : { BTT_HOST_PROOF_TOKEN: options.proofToken }),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let printed = "";
    const keep = (chunk: Buffer) => {
      if (printed.length < 65_536) printed += chunk.toString();
      output.push(chunk.toString());
      if (output.length > 400) output.shift();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    host.child = child;
    const closed = new Promise((resolve) => child.once("close", resolve));
    await waitFor(
      `host ${funded.address} to answer /health`,
      async () => {
        if (child.exitCode !== null) {
          await closed; // all of its output read
          if (printed.includes("the port is in use")) throw new PortTakenError(printed);
          throw new Error(`host exited ${child.exitCode}: ${printed}`);
        }
        try {
          const response = await fetch(`${host.url}/health`, { signal: AbortSignal.timeout(2_000) });
          return response.ok ? true : undefined;
        } catch {
          return undefined;
        }
      },
      60_000,
    );
  }
  return host;
}

class PortTakenError extends Error {}

async function signal(child: ChildProcess | undefined, sig: NodeJS.Signals): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill(sig);
  await exited;
}

function withStore<T>(dir: string, read: (store: HostStore) => T): T | undefined {
  let store: HostStore | undefined;
  try {
    store = new HostStore(join(dir, "data", "host.db"), { readonly: true });
    return read(store);
  } catch {
    return undefined;
  } finally {
    store?.close();
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `btt-storage <args>` as a child process with the client's key. */
export function storageCli(net: Network, key: Hex, args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        join(repoRoot, "storage", "bin", "btt-storage.js"),
        ...args,
        "--rpc",
        net.node.url,
        "--deployment",
        net.deployment,
      ],
      {
        env: { PATH: process.env.PATH, NODE_OPTIONS: process.env.NODE_OPTIONS, BTT_STORAGE_KEY: key },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Bigints as decimal strings (what the config files hold). */
function toJsonValue(value: object): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
}

export function newKey(): { key: Hex; address: Address } {
  const key = generatePrivateKey();
  return { key, address: privateKeyToAccount(key).address };
}
