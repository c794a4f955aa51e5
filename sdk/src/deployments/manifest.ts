import { getAddress, isAddress, isHex, type Address } from "viem";

import { networkByChainId } from "../chains/index.ts";
import { InvalidArgumentError } from "../errors.ts";
import { toEvmAddress, toTronAddress } from "../tron/address.ts";
import { ContractNotDeployedError, DeploymentManifestError, ManifestChainMismatchError } from "./errors.ts";
import type { DeployedContract, DeploymentManifest, ManifestArgument, ManifestContractKey } from "./types.ts";

/** JSON form of a manifest: bigints as decimal strings. */
export function serializeManifest(manifest: DeploymentManifest): string {
  return `${JSON.stringify(manifest, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`;
}

/**
 * The manifest with each contract's base58 address (`tronAddress`) beside its hex form when its
 * chain is a TRON chain in the chain table (TRON, Nile, Shasta and the devnet's TRON stand-in);
 * other manifests unchanged. The deploy scripts write manifests through it.
 */
export function withTronAddresses(manifest: DeploymentManifest): DeploymentManifest {
  if (networkByChainId(manifest.chainId)?.kind !== "tron") return manifest;
  return {
    ...manifest,
    contracts: Object.fromEntries(
      Object.entries(manifest.contracts).map(([key, c]) => [key, { ...c, tronAddress: c.tronAddress ?? toTronAddress(c.address) }]),
    ),
  };
}

const bad = (field: string, expected: string, value: unknown): never => {
  throw new DeploymentManifestError(`Deployment manifest field "${field}" must be ${expected}`, {
    details: { value: value === undefined ? "missing" : value },
    hints: ["Regenerate the manifest with the deploy scripts rather than editing it by hand"],
  });
};

const TRON_BASE58 = /^T[1-9A-HJ-NP-Za-km-z]{33}$/;

function sameAddress(base58: string, hex: string): boolean {
  try {
    return toEvmAddress(base58) === getAddress(hex);
  } catch {
    return false;
  }
}

function isArgument(value: unknown): value is ManifestArgument {
  if (typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isSafeInteger(value);
  if (Array.isArray(value)) return value.every(isArgument);
  return typeof value === "object" && value !== null && Object.values(value).every(isArgument);
}

function parseContract(name: string, value: unknown): DeployedContract {
  const c = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  const field = (f: string) => `contracts.${name}.${f}`;
  if (typeof c.address !== "string" || !isAddress(c.address, { strict: false })) bad(field("address"), "a 20-byte hex address", c.address);
  const block = typeof c.blockNumber === "string" && /^\d+$/.test(c.blockNumber) ? BigInt(c.blockNumber) : c.blockNumber;
  if (typeof block !== "bigint") bad(field("blockNumber"), "a block number", c.blockNumber);
  if (typeof c.contractName !== "string" || c.contractName.length === 0) bad(field("contractName"), "a contract name", c.contractName);
  if (c.constructorArgs !== undefined && !(Array.isArray(c.constructorArgs) && c.constructorArgs.every(isArgument))) {
    bad(field("constructorArgs"), "an array of JSON values", c.constructorArgs);
  }
  if (c.transactionHash !== undefined && !(typeof c.transactionHash === "string" && /^(0x)?[0-9a-fA-F]{64}$/.test(c.transactionHash))) {
    bad(field("transactionHash"), "a 32-byte hex hash", c.transactionHash);
  }
  if (c.tronAddress !== undefined && !(typeof c.tronAddress === "string" && TRON_BASE58.test(c.tronAddress))) {
    bad(field("tronAddress"), "a TRON base58 address (T...)", c.tronAddress);
  }
  if (c.tronAddress !== undefined && !sameAddress(c.tronAddress as string, c.address as string)) {
    bad(field("tronAddress"), `the base58 form of ${c.address as string} (checksum included)`, c.tronAddress);
  }
  return {
    address: getAddress(c.address as string),
    blockNumber: block as bigint,
    contractName: c.contractName as string,
    ...(c.constructorArgs === undefined ? {} : { constructorArgs: c.constructorArgs as ManifestArgument[] }),
    ...(c.transactionHash === undefined ? {} : { transactionHash: c.transactionHash as string }),
    ...(c.tronAddress === undefined ? {} : { tronAddress: c.tronAddress as string }),
  };
}

/**
 * Parses and checks a manifest (from `serializeManifest`, a file's text, or a parsed object).
 * Throws `DeploymentManifestError` naming the first bad field.
 */
export function parseManifest(input: string | unknown): DeploymentManifest {
  let raw: unknown = input;
  if (typeof input === "string") {
    try {
      raw = JSON.parse(input);
    } catch (cause) {
      throw new DeploymentManifestError("Deployment manifest is not valid JSON", { cause });
    }
  }
  if (typeof raw !== "object" || raw === null) return bad("(root)", "an object", raw);
  const m = raw as Record<string, unknown>;
  if (m.version !== 1) bad("version", "1", m.version);
  if (typeof m.network !== "string" || m.network.length === 0) bad("network", "a non-empty string", m.network);
  if (typeof m.chainId !== "number" || !Number.isSafeInteger(m.chainId) || m.chainId <= 0) {
    bad("chainId", "a positive integer", m.chainId);
  }
  if (m.role !== "child" && m.role !== "root") bad("role", '"child" or "root"', m.role);
  if (m.stakingHome !== undefined && typeof m.stakingHome !== "boolean") bad("stakingHome", "a boolean", m.stakingHome);
  if (typeof m.deployedAt !== "string" || Number.isNaN(Date.parse(m.deployedAt))) bad("deployedAt", "an ISO-8601 time", m.deployedAt);
  if (typeof m.release !== "string") bad("release", "a string", m.release);
  if (m.compiler !== undefined) {
    const c = (typeof m.compiler === "object" && m.compiler !== null ? m.compiler : {}) as Record<string, unknown>;
    if (typeof c.solc !== "string" || typeof c.evmVersion !== "string" || typeof c.optimizerRuns !== "number") {
      bad("compiler", "{ solc, evmVersion, optimizerRuns }", m.compiler);
    }
  }
  if (m.lastTransaction !== undefined && !(typeof m.lastTransaction === "string" && isHex(m.lastTransaction))) {
    bad("lastTransaction", "a transaction hash", m.lastTransaction);
  }
  if (typeof m.contracts !== "object" || m.contracts === null || Array.isArray(m.contracts)) return bad("contracts", "an object", m.contracts);
  const contracts: Record<string, DeployedContract> = {};
  for (const [name, value] of Object.entries(m.contracts as Record<string, unknown>)) contracts[name] = parseContract(name, value);
  return { ...(m as unknown as DeploymentManifest), contracts };
}

/** The entry of contract `key`; throws `ContractNotDeployedError` if it was not deployed there. */
export function deployedContract(manifest: DeploymentManifest, key: ManifestContractKey | (string & {})): DeployedContract {
  const entry = manifest.contracts[key];
  if (entry === undefined) throw new ContractNotDeployedError(key, manifest.network, Object.keys(manifest.contracts));
  return entry;
}

/** The address of contract `key` in a manifest; throws `ContractNotDeployedError` if it was not deployed there. */
export function contractAddress(manifest: DeploymentManifest, key: ManifestContractKey | (string & {})): Address {
  return deployedContract(manifest, key).address;
}

/** Throws `ManifestChainMismatchError` unless the manifest was written for `chainId`. */
export function assertManifestChain(manifest: DeploymentManifest, chainId: number | bigint): void {
  if (!(typeof chainId === "bigint" || (typeof chainId === "number" && Number.isSafeInteger(chainId))) || BigInt(chainId) <= 0n) {
    throw new InvalidArgumentError("chainId must be a positive integer (number or bigint)", {
      details: { chainId: String(chainId), type: typeof chainId },
      hints: ["Pass the chain id as returned by getChainId, e.g. 199 or 199n, not a string"],
    });
  }
  if (BigInt(manifest.chainId) !== BigInt(chainId)) throw new ManifestChainMismatchError(manifest.network, manifest.chainId, Number(chainId));
}
