/**
 * `ChainSender` for TRON (mainnet, Nile, Shasta). Reads, receipts and energy estimates go over the
 * node's Ethereum-compatible /jsonrpc (inherited from `EvmSender`); writes are TRON transactions
 * built and signed locally with TronWeb (TriggerSmartContract with the intent's call data) and
 * broadcast over the HTTP API. TRON has no account nonces: a transaction is unique by its txID
 * and valid until its expiration, so a recorded transaction that expired without a receipt is
 * dropped and its duty decides again. Fees: the energy estimate times the energy price plus a
 * margin is the fee limit, never above `feeLimitCapSun`.
 */
import { createHash } from "node:crypto";

import type { Hex, PublicClient } from "viem";
import { getGasPrice } from "viem/actions";

import type { LocalKey } from "../../config/keys.ts";
import type { ChainConfig } from "../../config/schema.ts";
import type { Fees, TxRow } from "../../store/types.ts";
import { EvmSender } from "../EvmSender.ts";
import { SimulationRevertedError, type HeadView, type SignedAttempt, type TxIntent } from "../types.ts";

/** The part of TronWeb the sender uses (kept narrow so tests can see what is relied on). */
export interface TronWebLike {
  transactionBuilder: {
    triggerSmartContract(
      contract: string,
      selector: string,
      options: Record<string, unknown>,
      parameters: unknown[],
      issuer: string,
    ): Promise<{ result?: { result?: boolean }; transaction: TronTransaction }>;
  };
  trx: {
    sign(transaction: TronTransaction, privateKey: string): Promise<TronTransaction>;
    sendRawTransaction(
      transaction: TronTransaction,
    ): Promise<{ result?: boolean; code?: string; message?: string; txid?: string }>;
  };
}

export interface TronTransaction {
  readonly txID: string;
  readonly raw_data: {
    readonly contract: readonly {
      readonly type: string;
      readonly parameter: { readonly value: Record<string, unknown> };
    }[];
    readonly ref_block_bytes: string;
    readonly ref_block_hash: string;
    readonly expiration: number;
    readonly timestamp: number;
    readonly fee_limit?: number;
  };
  readonly raw_data_hex: string;
  readonly signature?: readonly string[];
  readonly visible?: boolean;
}

/** Reference block for TAPOS (TRON transactions name a recent block they build on). */
export interface ReferenceBlock {
  readonly number: number;
  /** Block id (TRON's block hash), 32 bytes hex. */
  readonly hash: Hex;
  /** Milliseconds. */
  readonly timestampMs: number;
}

export interface TronSenderOptions {
  readonly tronWeb: TronWebLike;
  /** Validity window of a built transaction (TRON allows up to 24 h). */
  readonly expirationMs?: number;
  /** Where TAPOS comes from; by default the node's latest block. */
  readonly referenceBlock?: () => Promise<ReferenceBlock>;
}

export class TronSender extends EvmSender {
  override readonly usesNonces = false;
  private readonly tron: TronSenderOptions;
  private readonly tronConfig: NonNullable<ChainConfig["tron"]>;

  constructor(chain: string, chainId: number, config: ChainConfig, client: PublicClient, options: TronSenderOptions) {
    super(chain, chainId, config, client);
    if (config.tron === undefined) throw new Error(`chain '${chain}' needs a tron section`);
    this.tronConfig = config.tron;
    this.tron = options;
  }

  static async create(chain: string, chainId: number, config: ChainConfig, client: PublicClient): Promise<TronSender> {
    const { TronWeb } = await import("tronweb");
    if (config.tron?.fullHost === undefined) throw new Error(`chain '${chain}' needs tron.fullHost`);
    const tronWeb = new TronWeb({ fullHost: config.tron.fullHost }) as unknown as TronWebLike;
    return new TronSender(chain, chainId, config, client, { tronWeb });
  }

  override async accountNonce(): Promise<number> {
    return 0;
  }

  /** Energy estimate (over /jsonrpc) x energy price x margin = the fee limit to record, in sun. */
  override async simulate(intent: TxIntent, from: `0x${string}`): Promise<bigint> {
    const energy = await super.simulate(intent, from); // reverts surface here
    const price = await getGasPrice(this.client); // TRON's /jsonrpc answers the energy price in sun
    return this.feeLimitFor(energy, price);
  }

  /** The fee limit budget for `energy` units at `price` sun each; refuses budgets above the cap. */
  feeLimitFor(energy: bigint, price: bigint): bigint {
    const budget = (energy * price * BigInt(100 + this.tronConfig.energyMarginPercent) + 99n) / 100n;
    if (budget > this.tronConfig.feeLimitCapSun)
      throw new SimulationRevertedError(
        `needs a fee limit of ${budget} sun (${energy} energy at ${price} sun), above the cap of ${this.tronConfig.feeLimitCapSun}`,
      );
    return budget;
  }

  override async quoteFees(): Promise<Fees> {
    return {};
  }

  override bumpFees(): Fees | undefined {
    return undefined;
  }

  private async referenceBlockPrivate(): Promise<ReferenceBlock> {
    if (this.tron.referenceBlock !== undefined) return this.tron.referenceBlock();
    const head = await this.head();
    return { number: head.number, hash: head.hash, timestampMs: head.timestamp * 1000 };
  }

  /** Builds the TriggerSmartContract transaction offline (TAPOS from the reference block) and signs it. */
  override async sign(tx: TxRow, _fees: Fees, key: LocalKey): Promise<SignedAttempt> {
    const block = await this.referenceBlockPrivate();
    const id = block.hash.slice(2).padStart(64, "0");
    const blockHeader = {
      ref_block_bytes: id.slice(12, 16),
      ref_block_hash: id.slice(16, 32),
      timestamp: block.timestampMs,
      expiration: block.timestampMs + (this.tron.expirationMs ?? 60_000),
    };
    const feeLimit = tx.gas;
    const built = await this.tron.tronWeb.transactionBuilder.triggerSmartContract(
      `41${tx.to.slice(2).toLowerCase()}`,
      "",
      { txLocal: true, feeLimit: Number(feeLimit), callValue: Number(tx.value), input: tx.data.slice(2), blockHeader },
      [],
      `41${key.address.slice(2).toLowerCase()}`,
    );
    const expectedId = createHash("sha256").update(Buffer.from(built.transaction.raw_data_hex, "hex")).digest("hex");
    if (built.transaction.txID !== expectedId)
      throw new Error("TronWeb built a transaction whose txID is not sha256(raw_data)");
    const signed = await this.tron.tronWeb.trx.sign(built.transaction, key.privateKey.slice(2));
    return { hash: `0x${signed.txID}`, raw: encodeTransaction(signed), feeLimit };
  }

  override async broadcast(raw: Hex): Promise<void> {
    const result = await this.tron.tronWeb.trx.sendRawTransaction(decodeTransaction(raw));
    if (result.result === true) return;
    const message = decodeMessage(result.message);
    const code = result.code ?? "UNKNOWN";
    if (code === "DUP_TRANSACTION_ERROR") throw new Error(`already known: ${message}`);
    if (code === "BANDWITH_ERROR" || /balance is not sufficient|not enough/i.test(message))
      throw new Error(`insufficient funds: ${code} ${message}`);
    throw new Error(`TRON broadcast refused: ${code} ${message}`);
  }

  isExpired(tx: TxRow, head: HeadView): boolean {
    if (tx.raw === null) return false;
    return head.timestamp * 1000 > decodeTransaction(tx.raw).raw_data.expiration;
  }
}

/** A signed TRON transaction as stored in the `raw` column (hex of its JSON). */
export function encodeTransaction(transaction: TronTransaction): Hex {
  return `0x${Buffer.from(JSON.stringify(transaction), "utf8").toString("hex")}`;
}

export function decodeTransaction(raw: Hex): TronTransaction {
  return JSON.parse(Buffer.from(raw.slice(2), "hex").toString("utf8")) as TronTransaction;
}

function decodeMessage(message: string | undefined): string {
  if (message === undefined) return "";
  return /^[0-9a-fA-F]+$/.test(message) ? Buffer.from(message, "hex").toString("utf8") : message;
}
