/**
 * TronBox support: TronBox cannot compile our sources (its Tron solc builds stop below our exact
 * `pragma solidity 0.8.30`), so its migrations deploy the Hardhat artifacts instead, exported here
 * in the Truffle artifact format TronBox's resolver reads (build/contracts/<Name>.json).
 *
 *   node deploy/tron/tronbox.ts            # after `hardhat build`; writes deploy/tron/tronbox/build/contracts
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Abi } from "viem";

import { compilerInfo } from "../lib/networks.ts";
import { contractSources } from "../modules.ts";

/** The contracts the TronBox migrations deploy (the staking home: a root chain holding the StakeManager). */
export const tronboxContracts = ["BTTToken", "StakeManager", "ValidatorSet", "Inbox", "Outbox", "RootBridge"] as const;

export interface TruffleArtifact {
  readonly contractName: string;
  readonly abi: Abi;
  readonly bytecode: string;
  readonly deployedBytecode: string;
  readonly sourceName: string;
  readonly compiler: { readonly name: "solc"; readonly version: string };
  readonly networks: Record<string, never>;
  readonly schemaVersion: string;
  readonly updatedAt: string;
}

/**
 * Migrations bookkeeping stub: TronBox's resolver requires a `Migrations` artifact; this one is
 * never deployed (no bytecode), so TronBox records nothing on chain and `--reset` re-runs all.
 */
export const migrationsStub = {
  contractName: "Migrations",
  abi: [
    {
      type: "function",
      name: "last_completed_migration",
      stateMutability: "view",
      inputs: [],
      outputs: [{ name: "", type: "uint256" }],
    },
    {
      type: "function",
      name: "setCompleted",
      stateMutability: "nonpayable",
      inputs: [{ name: "completed", type: "uint256" }],
      outputs: [],
    },
  ],
  bytecode: "0x",
  deployedBytecode: "0x",
  sourceName: "(none: bookkeeping stub, never deployed)",
  compiler: { name: "solc", version: compilerInfo.solc },
  networks: {},
  schemaVersion: "3.4.16",
} as const;

export async function tronboxArtifact(root: string, contractName: string, now = new Date()): Promise<TruffleArtifact> {
  const source = contractSources[contractName];
  if (source === undefined) throw new Error(`no source path for ${contractName}`);
  const hardhat = JSON.parse(await readFile(join(root, "artifacts", source, `${contractName}.json`), "utf8")) as {
    abi: Abi;
    bytecode: string;
    deployedBytecode: string;
  };
  if (hardhat.bytecode === "0x") throw new Error(`${contractName} has no bytecode`);
  return {
    contractName,
    abi: hardhat.abi,
    bytecode: hardhat.bytecode,
    deployedBytecode: hardhat.deployedBytecode,
    sourceName: source,
    compiler: { name: "solc", version: compilerInfo.solc },
    networks: {},
    schemaVersion: "3.4.16",
    updatedAt: now.toISOString(),
  };
}

/** Writes every artifact the migrations use, plus the Migrations stub, into `outDir`. */
export async function exportTronboxArtifacts(root: string, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const name of tronboxContracts) {
    const file = join(outDir, `${name}.json`);
    await writeFile(file, `${JSON.stringify(await tronboxArtifact(root, name), null, 2)}\n`);
    written.push(file);
  }
  const stub = join(outDir, "Migrations.json");
  await writeFile(stub, `${JSON.stringify({ ...migrationsStub, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  written.push(stub);
  return written;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const files = await exportTronboxArtifacts(root, join(root, "deploy", "tron", "tronbox", "build", "contracts"));
  console.log(`TronBox artifacts (from the Hardhat build):\n${files.map((f) => `  ${f}`).join("\n")}`);
}
