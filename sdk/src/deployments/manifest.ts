import { getAddress, isAddress, isHex, type Address } from "viem";

import { DeploymentManifestError } from "./errors.ts";
import type { DeployedContract, DeploymentManifest } from "./types.ts";

/** JSON form of a manifest: bigints as decimal strings. */
export function serializeManifest(manifest: DeploymentManifest): string {
  return `${JSON.stringify(manifest, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`;
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
  const bad = (field: string, expected: string, value: unknown): never => {
    throw new DeploymentManifestError(`Deployment manifest field "${field}" must be ${expected}`, {
      details: { value: value === undefined ? "missing" : value },
      hints: ["Regenerate the manifest with the deploy scripts rather than editing it by hand"],
    });
  };
  if (typeof raw !== "object" || raw === null) return bad("(root)", "an object", raw);
  const m = raw as Record<string, unknown>;
  if (m.version !== 1) bad("version", "1", m.version);
  if (typeof m.network !== "string" || m.network.length === 0) bad("network", "a non-empty string", m.network);
  if (typeof m.chainId !== "number" || !Number.isSafeInteger(m.chainId) || m.chainId <= 0) {
    bad("chainId", "a positive integer", m.chainId);
  }
  if (m.role !== "child" && m.role !== "root") bad("role", '"child" or "root"', m.role);
  if (typeof m.deployedAt !== "string" || Number.isNaN(Date.parse(m.deployedAt))) bad("deployedAt", "an ISO-8601 time", m.deployedAt);
  if (typeof m.release !== "string") bad("release", "a string", m.release);
  if (m.lastTransaction !== undefined && !(typeof m.lastTransaction === "string" && isHex(m.lastTransaction))) {
    bad("lastTransaction", "a transaction hash", m.lastTransaction);
  }
  if (typeof m.contracts !== "object" || m.contracts === null) return bad("contracts", "an object", m.contracts);
  const contracts: Record<string, DeployedContract> = {};
  for (const [name, value] of Object.entries(m.contracts as Record<string, unknown>)) {
    const c = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof c.address !== "string" || !isAddress(c.address, { strict: false })) {
      bad(`contracts.${name}.address`, "a 20-byte hex address", c.address);
    }
    const block = typeof c.blockNumber === "string" && /^\d+$/.test(c.blockNumber) ? BigInt(c.blockNumber) : c.blockNumber;
    if (typeof block !== "bigint") bad(`contracts.${name}.blockNumber`, "a block number", c.blockNumber);
    if (typeof c.contractName !== "string" || c.contractName.length === 0) {
      bad(`contracts.${name}.contractName`, "a contract name", c.contractName);
    }
    contracts[name] = {
      address: getAddress(c.address as string),
      blockNumber: block as bigint,
      contractName: c.contractName as string,
    };
  }
  return { ...(m as unknown as DeploymentManifest), contracts };
}

/** The address of contract `name` in a manifest; throws a clear error if it was not deployed there. */
export function contractAddress(manifest: DeploymentManifest, name: string): Address {
  const entry = manifest.contracts[name];
  if (entry === undefined) {
    throw new DeploymentManifestError(`No contract "${name}" in the ${manifest.network} deployment`, {
      details: { available: Object.keys(manifest.contracts).join(", ") || "none" },
      hints: [`Deploy the module that provides "${name}" to ${manifest.network}, or use the right network's manifest`],
    });
  }
  return entry.address;
}
