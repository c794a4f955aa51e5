/**
 * Explorer verification of a deployment, from its manifest: one `hardhat verify <provider>` command
 * per deployed contract, its constructor arguments in a small module (`--constructor-args-path`)
 * because structs and arrays cannot be passed on the command line. hardhat-verify re-encodes
 * them with the artifact's ABI and compares with the creation code on the explorer.
 */
import { join, relative } from "node:path";

import type { DeploymentManifest, ManifestArgument } from "@btt-network/sdk/deployments";
import { contractSources } from "../modules.ts";
import { publicNetworks } from "../networks.ts";

export type VerifyProvider = "etherscan" | "blockscout" | "sourcify";

export interface VerifyCommand {
  readonly key: string;
  readonly address: string;
  /** Fully qualified name, e.g. contracts/bridge/RootBridge.sol:RootBridge. */
  readonly contract: string;
  readonly constructorArgs: readonly ManifestArgument[];
  /** Where `argsModule` is to be written. */
  readonly argsFile: string;
  /** `export default [...]`: the constructor arguments module. */
  readonly argsModule: string;
  /** Arguments of `hardhat` (run from the repository root). */
  readonly argv: readonly string[];
}

export interface VerifyPlanOptions {
  /** Repository root (commands are run there; the args paths are relative to it). */
  readonly root: string;
  /** Folder for the constructor-argument modules. */
  readonly argsDir: string;
  readonly provider?: VerifyProvider;
}

/** Networks whose explorer hardhat-verify can reach (Etherscan family). TRON: TRONSCAN's web form. */
export function explorerOf(network: string): string | undefined {
  return publicNetworks.find((n) => n.network === network)?.explorer;
}

export function argsModule(args: readonly ManifestArgument[]): string {
  return `// Constructor arguments (from the deployment manifest) for hardhat verify --constructor-args-path.\nexport default ${JSON.stringify(args, null, 2)};\n`;
}

/**
 * The verification commands of every contract the manifest says was deployed (contracts used but
 * not deployed, such as an existing token, have no constructor arguments and are skipped).
 */
export function verifyCommands(manifest: DeploymentManifest, options: VerifyPlanOptions): VerifyCommand[] {
  if (explorerOf(manifest.network) === undefined) {
    throw new Error(
      `no explorer verification for ${manifest.network}: supported ${publicNetworks.map((n) => n.network).join(", ")}`,
    );
  }
  const provider = options.provider ?? "etherscan";
  const commands: VerifyCommand[] = [];
  for (const [key, entry] of Object.entries(manifest.contracts)) {
    if (entry.constructorArgs === undefined) continue;
    const source = contractSources[entry.contractName];
    if (source === undefined) throw new Error(`no source path for ${entry.contractName}: add it to deploy/modules.ts`);
    const contract = `${source}:${entry.contractName}`;
    const argsFile = join(options.argsDir, `${manifest.network}.${key}.args.mjs`);
    commands.push({
      key,
      address: entry.address,
      contract,
      constructorArgs: entry.constructorArgs,
      argsFile,
      argsModule: argsModule(entry.constructorArgs),
      argv: [
        "verify",
        provider,
        "--network",
        manifest.network,
        "--contract",
        contract,
        "--constructor-args-path",
        relative(options.root, argsFile),
        entry.address,
      ],
    });
  }
  return commands;
}

/** A shell line for a command (arguments are paths, names and hex: quoting only when needed). */
export function shellLine(command: VerifyCommand): string {
  return ["npx", "hardhat", ...command.argv]
    .map((a) => (/^[\w./:@=-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(" ");
}
