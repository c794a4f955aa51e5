/**
 * `ChainSender` for EVM chains (BTTC, Ethereum, BNB Chain, local nodes): estimateGas to simulate,
 * EIP-1559 or legacy fees read from the node and capped by config, local signing with viem (the
 * key never leaves the process), raw broadcast, receipts by hash.
 */
import { keccak256, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import { withBackoff } from "../chain/backoff.ts";
import type { ResolvedKey } from "../config/keys.ts";
import type { ChainConfig } from "../config/schema.ts";
import type { Fees, TxRow } from "../store/types.ts";
import { classifySendError, shortError } from "./classify.ts";
import { SimulationRevertedError, type ChainSender, type HeadView, type ReceiptView, type SignedAttempt, type TxIntent } from "./types.ts";

interface RpcReceipt {
  readonly transactionHash: Hex;
  readonly blockNumber: Hex;
  readonly blockHash: Hex;
  readonly status: Hex;
}
interface RpcBlock {
  readonly number: Hex;
  readonly hash: Hex;
  readonly timestamp: Hex;
  readonly baseFeePerGas?: Hex;
}

export class EvmSender implements ChainSender {
  readonly chain: string;
  readonly chainId: number;
  readonly usesNonces: boolean = true;
  readonly confirmations: number;
  readonly stuckAfterMs: number;
  readonly client: PublicClient;
  readonly #config: ChainConfig;
  readonly #accounts = new Map<string, PrivateKeyAccount>();

  constructor(chain: string, chainId: number, config: ChainConfig, client: PublicClient) {
    this.chain = chain;
    this.chainId = chainId;
    this.#config = config;
    this.client = client;
    this.confirmations = config.confirmations;
    this.stuckAfterMs = config.fees.stuckAfterMs;
  }

  #read<T>(method: string, params: unknown[]): Promise<T> {
    return withBackoff(() => this.client.request({ method, params } as never) as Promise<T>, { attempts: 3, baseMs: 100 });
  }

  async head(): Promise<HeadView> {
    const block = await this.#read<RpcBlock>("eth_getBlockByNumber", ["latest", false]);
    return { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp) };
  }

  async chainIdOnNode(): Promise<number> {
    return Number(await this.#read<Hex>("eth_chainId", []));
  }

  async codeAt(address: Address): Promise<Hex | undefined> {
    const code = await this.#read<Hex>("eth_getCode", [address, "latest"]);
    return code === "0x" ? undefined : code;
  }

  async accountNonce(account: Address): Promise<number> {
    return Number(await this.#read<Hex>("eth_getTransactionCount", [account, "pending"]));
  }

  async simulate(intent: TxIntent, from: Address): Promise<bigint> {
    let estimate: bigint;
    try {
      estimate = BigInt(
        await this.client.request({
          method: "eth_estimateGas",
          params: [{ from, to: intent.to, data: intent.data, value: `0x${(intent.value ?? 0n).toString(16)}` }],
        }),
      );
    } catch (error) {
      if (classifySendError(error) === "reverted") throw new SimulationRevertedError(shortError(error), { cause: error });
      throw error;
    }
    return (estimate * BigInt(this.#config.fees.gasMultiplierPercent)) / 100n;
  }

  async quoteFees(): Promise<Fees> {
    const fees = this.#config.fees;
    const cap = fees.maxFeePerGasCap;
    if (fees.mode === "legacy") {
      const price = BigInt(await this.#read<Hex>("eth_gasPrice", []));
      return { gasPrice: min(price, cap) };
    }
    const block = await this.#read<RpcBlock>("eth_getBlockByNumber", ["latest", false]);
    const base = BigInt(block.baseFeePerGas ?? "0x0");
    const priority = fees.priorityFeePerGas ?? BigInt(await this.#read<Hex>("eth_maxPriorityFeePerGas", []));
    const maxFee = min(2n * base + priority, cap);
    return { maxFeePerGas: maxFee, maxPriorityFeePerGas: min(priority, maxFee) };
  }

  bumpFees(current: Fees, market: Fees): Fees | undefined {
    const cap = this.#config.fees.maxFeePerGasCap;
    const pct = BigInt(100 + this.#config.fees.bumpPercent);
    const up = (value: bigint | undefined, floor: bigint | undefined) => {
      const bumped = ((value ?? 0n) * pct + 99n) / 100n;
      return min(max(bumped, floor ?? 0n), cap);
    };
    if (this.#config.fees.mode === "legacy") {
      const gasPrice = up(current.gasPrice, market.gasPrice);
      return gasPrice <= (current.gasPrice ?? 0n) ? undefined : { gasPrice };
    }
    const maxFeePerGas = up(current.maxFeePerGas, market.maxFeePerGas);
    if (maxFeePerGas <= (current.maxFeePerGas ?? 0n)) return undefined;
    const maxPriorityFeePerGas = min(up(current.maxPriorityFeePerGas, market.maxPriorityFeePerGas), maxFeePerGas);
    return { maxFeePerGas, maxPriorityFeePerGas };
  }

  async sign(tx: TxRow, fees: Fees, key: ResolvedKey): Promise<SignedAttempt> {
    if (tx.nonce === null) throw new Error(`transaction ${tx.id} has no nonce`);
    let account = this.#accounts.get(key.name);
    if (account === undefined) {
      account = privateKeyToAccount(key.privateKey);
      this.#accounts.set(key.name, account);
    }
    const common = { chainId: this.chainId, nonce: tx.nonce, to: tx.to, data: tx.data, value: tx.value, gas: tx.gas };
    const raw =
      fees.gasPrice !== undefined
        ? await account.signTransaction({ ...common, type: "legacy", gasPrice: fees.gasPrice })
        : await account.signTransaction({
            ...common,
            type: "eip1559",
            maxFeePerGas: fees.maxFeePerGas ?? 0n,
            maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 0n,
          });
    const used: Fees =
      fees.gasPrice !== undefined
        ? { gasPrice: fees.gasPrice }
        : { maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas };
    return { ...used, hash: keccak256(raw), raw };
  }

  async broadcast(raw: Hex): Promise<void> {
    await this.client.request({ method: "eth_sendRawTransaction", params: [raw] });
  }

  async receipt(hash: Hex): Promise<ReceiptView | undefined> {
    const receipt = await this.#read<RpcReceipt | null>("eth_getTransactionReceipt", [hash]);
    if (receipt === null || receipt.blockHash === null || receipt.blockNumber === null) return undefined;
    return {
      hash: receipt.transactionHash,
      blockNumber: Number(receipt.blockNumber),
      blockHash: receipt.blockHash,
      success: receipt.status === "0x1",
    };
  }

  /** Closes a WebSocket connection (HTTP needs nothing). */
  async close(): Promise<void> {
    const value = this.client.transport as { getRpcClient?: () => Promise<{ close(): void }> };
    if (typeof value.getRpcClient === "function") (await value.getRpcClient()).close();
  }

  async blockHashAt(number: number): Promise<Hex | undefined> {
    const block = await this.#read<RpcBlock | null>("eth_getBlockByNumber", [`0x${number.toString(16)}`, false]);
    return block?.hash ?? undefined;
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
