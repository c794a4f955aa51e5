/**
 * TRON deployment from the same Hardhat artifacts as every other chain (DESIGN section 12).
 * Ignition speaks only Ethereum JSON-RPC, so TRON transactions are built and signed here with
 * TronWeb: fully offline when given a reference block (TAPOS), and broadcast only when a full
 * node is configured.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

import { TronWeb } from "tronweb";
import type { Abi, Hex } from "viem";

import { encodeConstructorArgs } from "../lib/abiArgs.ts";

/** The reference block a TRON transaction names (TAPOS); a relayer or script caches a recent one. */
export interface TronBlockHeader {
  readonly ref_block_bytes: string;
  readonly ref_block_hash: string;
  readonly expiration: number;
  readonly timestamp: number;
}

export interface TronDeployOptions {
  /** Deployer key, hex without or with 0x. */
  readonly privateKey: string;
  /** Full node HTTP API (e.g. https://nile.trongrid.io); omit to build offline. */
  readonly fullNode?: string;
  /** Reference block; required offline, fetched from the node otherwise. */
  readonly blockHeader?: TronBlockHeader;
  /** Most TRX (in sun) the deployment may burn for energy. Default 1,000 TRX. */
  readonly feeLimit?: number;
  /** Share of callers' energy paid by callers (0-100). Default 100: the deployer pays nothing for calls. */
  readonly userFeePercentage?: number;
  /** Most energy the deployer covers per call. Default 10,000,000. */
  readonly originEnergyLimit?: number;
}

export interface ContractArtifact {
  readonly contractName: string;
  readonly abi: Abi;
  readonly bytecode: Hex;
}

/** A signed CreateSmartContract transaction and the address the contract will have. */
export interface TronDeployment {
  readonly contractName: string;
  readonly txID: string;
  /** 21-byte hex (41...) and base58 (T...) forms. */
  readonly contractAddress: { readonly hex: string; readonly base58: string };
  readonly owner: { readonly hex: string; readonly base58: string };
  readonly feeLimit: number;
  /** The signed transaction as TronWeb returns it (JSON, ready for broadcast). */
  readonly transaction: Record<string, unknown>;
}

/** Reads `artifacts/contracts/**` for a contract name (the same artifacts Ignition deploys). */
export async function readArtifact(root: string, sourcePath: string, contractName: string): Promise<ContractArtifact> {
  const file = join(root, "artifacts", sourcePath, `${contractName}.json`);
  const json = JSON.parse(await readFile(file, "utf8")) as ContractArtifact;
  if (!json.bytecode || json.bytecode === "0x")
    throw new Error(`${contractName} has no bytecode (abstract or an interface?)`);
  return json;
}

function tronWebFor(options: TronDeployOptions): TronWeb {
  const privateKey = options.privateKey.replace(/^0x/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(privateKey)) throw new Error("TRON deployer key must be 32 bytes of hex");
  // Offline, TronWeb still wants a host; nothing is sent to it when a block header is given.
  return new TronWeb({ fullHost: options.fullNode ?? "http://127.0.0.1:9", privateKey });
}

/**
 * Builds and signs the deployment of `artifact` with `constructorArgs` (JSON values: integers as
 * numbers, bigints or decimal strings; addresses as 0x, 41-hex or base58), ABI-encoded here with
 * viem exactly as on EVM chains (structs included). Offline unless `fullNode` is given and
 * `blockHeader` is not.
 */
export async function buildTronDeployment(
  artifact: ContractArtifact,
  constructorArgs: readonly unknown[],
  options: TronDeployOptions,
): Promise<TronDeployment> {
  if (options.fullNode === undefined && options.blockHeader === undefined) {
    throw new Error("Building a TRON transaction offline needs a reference block header (blockHeader)");
  }
  const tronWeb = tronWebFor(options);
  const owner = tronWeb.defaultAddress;
  if (owner.hex === false || owner.base58 === false) throw new Error("could not derive the deployer address");
  const feeLimit = options.feeLimit ?? 1_000_000_000;
  const rawParameter = encodeConstructorArgs(artifact.abi, constructorArgs);
  const unsigned = await tronWeb.transactionBuilder.createSmartContract(
    {
      abi: artifact.abi as never,
      bytecode: artifact.bytecode.replace(/^0x/, ""),
      feeLimit,
      callValue: 0,
      userFeePercentage: options.userFeePercentage ?? 100,
      originEnergyLimit: options.originEnergyLimit ?? 10_000_000,
      name: artifact.contractName,
      ...(rawParameter === "" ? {} : { rawParameter }),
      ...(options.blockHeader === undefined ? {} : { txLocal: true, blockHeader: options.blockHeader }),
    },
    owner.hex,
  );
  const signed = await tronWeb.trx.sign(unsigned, options.privateKey.replace(/^0x/, ""));
  const contractHex = (unsigned as unknown as { contract_address: string }).contract_address;
  return {
    contractName: artifact.contractName,
    txID: signed.txID,
    contractAddress: { hex: contractHex, base58: TronWeb.address.fromHex(contractHex) },
    owner: { hex: owner.hex, base58: owner.base58 },
    feeLimit,
    transaction: signed as unknown as Record<string, unknown>,
  };
}

/**
 * Broadcasts a signed deployment and waits until the node reports SUCCESS (or throws with the
 * node's reason). Needs no key: the transaction is already signed (built on another machine).
 */
export async function broadcastTronDeployment(
  deployment: TronDeployment,
  options: { readonly fullNode: string },
  waitMs = 90_000,
): Promise<{ blockNumber: bigint }> {
  const tronWeb = new TronWeb({ fullHost: options.fullNode });
  const sent = await tronWeb.trx.sendRawTransaction(deployment.transaction as never);
  if (!(sent as { result?: boolean }).result) {
    throw new Error(`TRON node refused ${deployment.contractName}: ${JSON.stringify(sent)}`);
  }
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    const info = (await tronWeb.trx.getTransactionInfo(deployment.txID)) as {
      blockNumber?: number;
      receipt?: { result?: string };
    };
    if (info.blockNumber !== undefined) {
      if (info.receipt?.result !== undefined && info.receipt.result !== "SUCCESS") {
        throw new Error(`${deployment.contractName} deployment failed on TRON: ${info.receipt.result}`);
      }
      return { blockNumber: BigInt(info.blockNumber) };
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000));
  }
  throw new Error(`${deployment.contractName} deployment not confirmed within ${waitMs} ms (txID ${deployment.txID})`);
}
