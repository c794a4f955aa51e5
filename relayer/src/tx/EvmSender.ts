/**
 * `ChainSender` for EVM chains (BTTC, Ethereum, BNB Chain, local nodes): estimateGas to simulate,
 * EIP-1559 or legacy fees read from the node and capped by config, local signing with viem (the
 * key never leaves the process), raw broadcast, receipts by hash.
 */
import { keccak256, TransactionReceiptNotFoundError, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import {
  getBalance,
  getBlock,
  getChainId,
  getCode,
  getGasPrice,
  getTransactionCount,
  getTransactionReceipt,
} from "viem/actions";

import { withBackoff } from "../chain/backoff.ts";
import { blockHashAt } from "../chain/client.ts";
import type { LocalKey } from "../config/keys.ts";
import type { ChainConfig } from "../config/schema.ts";
import type { Fees, TxRow } from "../store/types.ts";
import { classifySendError, shortError } from "./classify.ts";
import {
  SimulationRevertedError,
  type ChainSender,
  type HeadView,
  type ReceiptView,
  type SignedAttempt,
  type TxIntent,
} from "./types.ts";

export class EvmSender implements ChainSender {
  readonly chain: string;
  readonly chainId: number;
  readonly usesNonces: boolean = true;
  readonly confirmations: number;
  readonly stuckAfterMs: number;
  readonly client: PublicClient;
  private readonly config: ChainConfig;
  private readonly accounts = new Map<string, PrivateKeyAccount>();

  constructor(chain: string, chainId: number, config: ChainConfig, client: PublicClient) {
    this.chain = chain;
    this.chainId = chainId;
    this.config = config;
    this.client = client;
    this.confirmations = config.confirmations;
    this.stuckAfterMs = config.fees.stuckAfterMs;
  }

  /** A read, retried with bounded backoff. */
  private read<T>(read: () => Promise<T>): Promise<T> {
    return withBackoff(read, { attempts: 3, baseMs: 100 });
  }

  async head(): Promise<HeadView> {
    const block = await this.read(() => getBlock(this.client, { blockTag: "latest" }));
    if (block.number === null || block.hash === null)
      throw new Error(`${this.chain}: the node answered a pending block for 'latest'`);
    return { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp) };
  }

  async chainIdOnNode(): Promise<number> {
    return this.read(() => getChainId(this.client));
  }

  async codeAt(address: Address): Promise<Hex | undefined> {
    const code = await this.read(() => getCode(this.client, { address, blockTag: "latest" }));
    return code === undefined || code === "0x" ? undefined : code;
  }

  async balanceOf(account: Address): Promise<bigint> {
    return this.read(() => getBalance(this.client, { address: account, blockTag: "latest" }));
  }

  async accountNonce(account: Address): Promise<number> {
    return this.read(() => getTransactionCount(this.client, { address: account, blockTag: "pending" }));
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
      if (classifySendError(error) === "reverted")
        throw new SimulationRevertedError(shortError(error), { cause: error });
      throw error;
    }
    return (estimate * BigInt(this.config.fees.gasMultiplierPercent)) / 100n;
  }

  async quoteFees(): Promise<Fees> {
    const fees = this.config.fees;
    const cap = fees.maxFeePerGasCap;
    if (fees.mode === "legacy") {
      const price = await this.read(() => getGasPrice(this.client));
      return { gasPrice: min(price, cap) };
    }
    const block = await this.read(() => getBlock(this.client, { blockTag: "latest" }));
    const base = block.baseFeePerGas ?? 0n;
    // viem's estimateMaxPriorityFeePerGas needs a chain definition; the node's own suggestion is what we want.
    const priority =
      fees.priorityFeePerGas ??
      BigInt(await this.read(() => this.client.request({ method: "eth_maxPriorityFeePerGas" })));
    const maxFee = min(2n * base + priority, cap);
    return { maxFeePerGas: maxFee, maxPriorityFeePerGas: min(priority, maxFee) };
  }

  bumpFees(current: Fees, market: Fees): Fees | undefined {
    const cap = this.config.fees.maxFeePerGasCap;
    const pct = BigInt(100 + this.config.fees.bumpPercent);
    const up = (value: bigint | undefined, floor: bigint | undefined) => {
      const bumped = ((value ?? 0n) * pct + 99n) / 100n;
      return min(max(bumped, floor ?? 0n), cap);
    };
    if (this.config.fees.mode === "legacy") {
      const gasPrice = up(current.gasPrice, market.gasPrice);
      return gasPrice <= (current.gasPrice ?? 0n) ? undefined : { gasPrice };
    }
    const maxFeePerGas = up(current.maxFeePerGas, market.maxFeePerGas);
    if (maxFeePerGas <= (current.maxFeePerGas ?? 0n)) return undefined;
    const maxPriorityFeePerGas = min(up(current.maxPriorityFeePerGas, market.maxPriorityFeePerGas), maxFeePerGas);
    return { maxFeePerGas, maxPriorityFeePerGas };
  }

  async sign(tx: TxRow, fees: Fees, key: LocalKey): Promise<SignedAttempt> {
    if (tx.nonce === null) throw new Error(`transaction ${tx.id} has no nonce`);
    let account = this.accounts.get(key.name);
    if (account === undefined) {
      account = privateKeyToAccount(key.privateKey);
      this.accounts.set(key.name, account);
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
    const receipt = await this.read(() =>
      getTransactionReceipt(this.client, { hash }).catch((error: unknown) => {
        if (error instanceof TransactionReceiptNotFoundError) return undefined;
        throw error;
      }),
    );
    if (receipt === undefined || receipt.blockHash === null || receipt.blockNumber === null) return undefined;
    return {
      hash: receipt.transactionHash,
      blockNumber: Number(receipt.blockNumber),
      blockHash: receipt.blockHash,
      success: receipt.status === "success",
    };
  }

  /** Closes a WebSocket connection (HTTP needs nothing). */
  async close(): Promise<void> {
    const value = this.client.transport as { getRpcClient?: () => Promise<{ close(): void }> };
    if (typeof value.getRpcClient === "function") (await value.getRpcClient()).close();
  }

  async blockHashAt(number: number): Promise<Hex | undefined> {
    return blockHashAt(this.client, number);
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
