/**
 * The chain side shared by both programs: viem clients for one RPC URL and one key, and the
 * StorageMarket (from a deployment manifest or an explicit address) with its token and epoch.
 */
import { readFileSync } from "node:fs";

import {
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  http,
  maxUint256,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import { assertManifestChain, contractAddress, parseManifest } from "@btt-network/sdk/deployments";
import { getDeal, storageMarketAbi, type DealState, type SigningClient } from "@btt-network/sdk/storage";
import { ConfigError } from "./errors.ts";

export interface ChainOptions {
  readonly rpcUrl: string;
  readonly key: Hex;
  /** A deployment manifest (`.devnet/deployments/bttc.json`) naming the `storageMarket`. */
  readonly manifest?: string | undefined;
  /** The market's address (instead of a manifest). */
  readonly market?: Address | undefined;
  readonly pollingIntervalMs?: number;
}

export interface ChainContext {
  readonly publicClient: PublicClient;
  readonly wallet: SigningClient;
  readonly account: PrivateKeyAccount;
  readonly chainId: number;
  readonly market: Address;
  readonly token: Address;
  readonly epochLength: bigint;
  /** The PaymentChannels pool named `paymentChannels` in the deployment manifest, if it names one. */
  readonly pool: Address | undefined;
  /** Sends nothing; waits for a transaction and throws if it reverted. */
  mined(hash: Hash | Promise<Hash>, what: string): Promise<void>;
  /** Approves the market for `amount` of the token unless the allowance already covers it. */
  ensureAllowance(amount: bigint): Promise<void>;
  tokenBalance(owner: Address): Promise<bigint>;
  /**
   * Runs `send` after every earlier `exclusive` call finished: one account's transactions go out one
   * at a time (acceptances, proofs, pokes and claims never race for a nonce).
   */
  exclusive<T>(send: () => Promise<T>): Promise<T>;
}

/** Where the market lives: the explicit address, else the manifest's `storageMarket`. */
export function resolveMarket(manifest: string | undefined, market: Address | undefined, chainId: number): Address {
  if (market !== undefined) return market;
  if (manifest === undefined) {
    throw new ConfigError("No market: give a deployment manifest or the market's address", {
      hints: ["Set `manifest` to the chain's deployment manifest (e.g. .devnet/deployments/bttc.json) or `market`"],
    });
  }
  return contractAddress(readManifest(manifest, chainId), "storageMarket");
}

/** The manifest's `paymentChannels` pool, if a manifest is given and names one. */
export function resolvePool(manifest: string | undefined, chainId: number): Address | undefined {
  if (manifest === undefined) return undefined;
  return readManifest(manifest, chainId).contracts.paymentChannels?.address;
}

function readManifest(manifest: string, chainId: number) {
  let parsed;
  try {
    parsed = parseManifest(readFileSync(manifest, "utf8"));
  } catch (cause) {
    throw new ConfigError(`Cannot read the deployment manifest ${manifest}`, { cause });
  }
  assertManifestChain(parsed, chainId);
  return parsed;
}

export async function connectChain(options: ChainOptions): Promise<ChainContext> {
  const pollingInterval = options.pollingIntervalMs ?? 250;
  const probe = createPublicClient({ transport: http(options.rpcUrl) });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (cause) {
    throw new ConfigError(`The RPC endpoint ${options.rpcUrl} does not answer`, {
      cause,
      hints: ["Check `rpcUrl` and that the node is running"],
    });
  }
  const chain = defineChain({
    id: chainId,
    name: `chain-${chainId}`,
    nativeCurrency: { name: "BTT", symbol: "BTT", decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const account = privateKeyToAccount(options.key);
  const publicClient = createPublicClient({ chain, transport: http(options.rpcUrl), pollingInterval }) as PublicClient;
  const wallet = createWalletClient({ chain, account, transport: http(options.rpcUrl), pollingInterval });
  const market = resolveMarket(options.manifest, options.market, chainId);
  const pool = resolvePool(options.manifest, chainId);
  const [token, epochLength] = await Promise.all([
    publicClient.readContract({ address: market, abi: storageMarketAbi, functionName: "token" }),
    publicClient.readContract({ address: market, abi: storageMarketAbi, functionName: "epochLength" }),
  ]);
  async function mined(hash: Hash | Promise<Hash>, what: string): Promise<void> {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash, pollingInterval });
    if (receipt.status !== "success") throw new Error(`${what} reverted (transaction ${receipt.transactionHash})`);
  }
  async function tokenBalance(owner: Address): Promise<bigint> {
    return publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });
  }
  async function ensureAllowance(amount: bigint): Promise<void> {
    const allowance = await publicClient.readContract({
      address: token,
      abi: erc20Abi,
      functionName: "allowance",
      args: [account.address, market],
    });
    if (allowance >= amount) return;
    await mined(
      wallet.writeContract({
        address: token,
        abi: erc20Abi,
        functionName: "approve",
        args: [market, maxUint256],
        account,
        chain,
      }),
      "approve",
    );
  }
  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(send: () => Promise<T>): Promise<T> {
    const run = queue.then(send, send);
    queue = run.catch(() => undefined);
    return run;
  }
  return {
    exclusive,
    publicClient,
    wallet: wallet as SigningClient,
    account,
    chainId,
    market,
    token,
    epochLength,
    pool,
    mined,
    ensureAllowance,
    tokenBalance,
  };
}

/** A private key from the environment variable `name` (never from a file). */
export function keyFromEnv(name: string): Hex {
  const key = process.env[name];
  if (key === undefined || !/^0x[0-9a-fA-F]{64}$/.test(key)) {
    throw new ConfigError(`${name} must hold the account's private key (0x and 64 hex digits)`, {
      hints: [`export ${name}=0x...; the key is never read from the config file`],
    });
  }
  return key as Hex;
}

export const GIB = 1n << 30n;

/** Price or collateral of `size` bytes at `perGiB` per GiB, rounded up (what a host asks). */
export function perGiB(perGiBAmount: bigint, size: bigint): bigint {
  return (perGiBAmount * size + GIB - 1n) / GIB;
}

/** The deal's on-chain state, or undefined when the market has no deal with this id. */
export async function findDeal(
  chain: Pick<ChainContext, "publicClient" | "market">,
  id: Hex,
): Promise<DealState | undefined> {
  const raw = await chain.publicClient.readContract({
    address: chain.market,
    abi: storageMarketAbi,
    functionName: "getDeal",
    args: [id],
  });
  return raw.status === 0 ? undefined : getDeal(chain.publicClient, { market: chain.market, id });
}
