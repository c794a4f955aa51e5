/**
 * Fixtures for relayer tests: a BTTToken deployed on a hardhat node, a fresh relayer account
 * funded with gas and tokens, payout requests, and config files written to a temp folder.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  http,
  parseAbi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import type { RelayerConfigInput } from "../../../relayer/src/config/schema.ts";
import { repoRoot, type HardhatNode } from "./node.ts";

/** Hardhat's first well-known account (funded on every local node). */
export const DEPLOYER_KEY: Hex = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

const tokenArtifact = JSON.parse(
  readFileSync(join(repoRoot, "artifacts", "contracts", "token", "BTTToken.sol", "BTTToken.json"), "utf8"),
) as { abi: unknown[]; bytecode: Hex };

export const mintAbi = parseAbi(["function mint(address to, uint256 amount)"]);

export function chainOf(node: HardhatNode) {
  return defineChain({
    id: node.chainId,
    name: `local ${node.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [node.url] } },
  });
}

export function publicClientFor(node: HardhatNode): PublicClient {
  return createPublicClient({ transport: http(node.url, { retryCount: 0 }) });
}

export async function deployToken(node: HardhatNode): Promise<Address> {
  const deployer = privateKeyToAccount(DEPLOYER_KEY);
  const wallet = createWalletClient({ account: deployer, transport: http(node.url), chain: chainOf(node) });
  const hash = await wallet.deployContract({
    abi: tokenArtifact.abi,
    bytecode: tokenArtifact.bytecode,
    args: [deployer.address],
  });
  const receipt = await publicClientFor(node).waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.contractAddress === null || receipt.contractAddress === undefined) throw new Error("deploy failed");
  return receipt.contractAddress;
}

export interface FundedAccount {
  readonly key: Hex;
  readonly address: Address;
}

/** A new key with `eth` wei of gas money and `tokens` BTT minted to it. */
export async function fundedAccount(
  node: HardhatNode,
  token: Address,
  tokens: bigint,
  eth = 10n ** 20n,
): Promise<FundedAccount> {
  const key = generatePrivateKey();
  const address = privateKeyToAccount(key).address;
  await node.rpc("hardhat_setBalance", [address, `0x${eth.toString(16)}`]);
  if (tokens > 0n) {
    const wallet = createWalletClient({
      account: privateKeyToAccount(DEPLOYER_KEY),
      transport: http(node.url),
      chain: chainOf(node),
    });
    const hash = await wallet.writeContract({
      address: token,
      abi: mintAbi,
      functionName: "mint",
      args: [address, tokens],
    });
    await publicClientFor(node).waitForTransactionReceipt({ hash, pollingInterval: 50 });
  }
  return { key, address };
}

export interface PayoutRequest {
  readonly id: string;
  readonly to: Address;
  readonly amount: string;
}

/** `count` requests to fresh recipients; amounts differ so that a duplicate shows in balances. */
export function payoutRequests(count: number, prefix = "req"): PayoutRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    to: privateKeyToAccount(generatePrivateKey()).address,
    amount: String(1_000n + BigInt(i)),
  }));
}

export function tempDir(prefix = "btt-relayer-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TestConfig {
  readonly dir: string;
  readonly file: string;
  readonly requestsFile: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Writes a config for one local chain with the payout duty; the key is passed through the environment. */
export function writeConfig(options: {
  node: HardhatNode;
  token: Address;
  key: Hex;
  requests?: readonly PayoutRequest[];
  send?: boolean;
  chain?: Partial<NonNullable<RelayerConfigInput["chains"][string]>>;
  payout?: Record<string, unknown>;
  dir?: string;
}): TestConfig {
  const dir = options.dir ?? tempDir();
  const requestsFile = join(dir, "requests.json");
  writeFileSync(requestsFile, JSON.stringify(options.requests ?? []));
  const config = {
    sendTransactions: options.send ?? true,
    chains: {
      local: {
        rpcUrl: options.node.url,
        chainId: options.node.chainId,
        confirmations: 1,
        pollIntervalMs: 100,
        rpcTimeoutMs: 2_000,
        ...options.chain,
      },
    },
    keys: { payer: {} },
    store: { path: "relayer.db" },
    http: { port: 0 },
    log: { level: "warn" },
    duties: {
      payout: {
        chain: "local",
        key: "payer",
        token: options.token,
        requestsFile: "requests.json",
        intervalMs: 100,
        batchSize: 50,
        ...options.payout,
      },
    },
  };
  const file = join(dir, "relayer.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return { dir, file, requestsFile, env: { BTT_RELAYER_KEY_PAYER: options.key } };
}

export async function balanceOf(client: PublicClient, token: Address, owner: Address): Promise<bigint> {
  return client.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
}

export async function waitFor<T>(
  what: string,
  fn: () => T | Promise<T>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== null && value !== false) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ""}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
