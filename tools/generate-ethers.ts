/**
 * The ethers v6 side of the ABI pipeline: copies the TypeChain contract types and factories that
 * `hardhat build` generates (hardhat-typechain, into the gitignored `types/ethers-contracts`) into
 * `sdk/src/ethers/contracts`, which the SDK publishes as `@btt-network/sdk/ethers`. Committed like the
 * viem ABIs, so the packed SDK carries them and needs no Hardhat (only `ethers`, an optional peer).
 *
 *     hardhat build --quiet && npm run abi          # rewrites these too
 *     node tools/generate-ethers.ts --check         # exit 1 and name the stale files
 *
 * What changes from TypeChain's output: the test contracts (`contracts/test`) and Hardhat's
 * `hardhat.d.ts` augmentation are left out, relative imports name the `.ts` sources (as every
 * SDK source does; the build rewrites them to `.js`), and the event namespaces, which hold only
 * types, are `declare`d (erasable syntax, as Node's type stripping and the SDK's build require). test/sdk/abi.test.ts fails on drift.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const typechainDir = join(root, "types/ethers-contracts");
export const ethersDir = join(root, "sdk/src/ethers/contracts");

/** Folders of TypeChain's output (relative, `/`-separated) that are not part of the SDK. */
const excluded = new Set(["test", "factories/test", "hardhat.d.ts"]);

function walk(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const rel = prefix === "" ? name : `${prefix}/${name}`;
    if (excluded.has(rel)) continue;
    if (statSync(join(dir, name)).isDirectory()) files.push(...walk(join(dir, name), rel));
    else if (name.endsWith(".ts")) files.push(rel);
  }
  return files;
}

/** TypeChain's text with the excluded namespaces' re-exports dropped and relative imports on `.ts`. */
function transform(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/from ['"]\.\/(factories\/)?test\//.test(line) && !/^export type \{ test \};$/.test(line))
    .join("\n")
    .replace(/(from\s+['"]\.{1,2}\/[^'"]*)\.js(['"])/g, "$1.ts$2")
    .replace(/^(\s*)export namespace /gm, "$1export declare namespace ")
    .replace(/^(\s*export interface OutputObject \{.*\});$/gm, "$1");
}

/**
 * TypeChain lists the root `index.ts`'s contracts in the order the compiler's jobs finished, which
 * changes from build to build; sort each `export type { X } from ...` line, with the factory
 * re-exports that follow it, by the path it names, so one set of artifacts gives one text.
 */
export function sortExports(text: string): string {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /^export type \{ \w+ \} from /.test(line));
  if (start < 0) return text;
  const groups: string[][] = [];
  let end = start;
  for (; end < lines.length && /^export (type )?\{ \w+ \} from /.test(lines[end]!); end++) {
    if (lines[end]!.startsWith("export type ") || groups.length === 0) groups.push([lines[end]!]);
    else groups.at(-1)!.push(lines[end]!);
  }
  const key = (group: string[]) => /from '([^']*)'/.exec(group[0]!)?.[1] ?? group[0]!;
  groups.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return [...lines.slice(0, start), ...groups.flat(), ...lines.slice(end)].join("\n");
}

/**
 * The contracts the current artifacts hold, as TypeChain names their files without `.ts`
 * (`messaging/Inbox`, or `governance/GovernanceReceiver.sol/IPausableBridge` when a source holds
 * several). `hardhat build` rewrites the indexes but leaves the files of removed or moved
 * contracts behind in the gitignored TypeChain folder; they must not reach the SDK.
 */
function currentContracts(): Set<string> {
  const names = new Set<string>();
  const artifacts = join(root, "artifacts/contracts");
  const visit = (dir: string, rel: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (!statSync(path).isDirectory()) continue;
      if (!name.endsWith(".sol")) {
        visit(path, rel === "" ? name : `${rel}/${name}`);
        continue;
      }
      for (const file of readdirSync(path)) {
        if (!file.endsWith(".json") || file.endsWith(".dbg.json")) continue;
        const contract = file.slice(0, -".json".length);
        names.add(`${rel}/${contract}`).add(`${rel}/${name}/${contract}`);
      }
    }
  };
  visit(artifacts, "");
  return names;
}

/** Whether TypeChain's file `rel` belongs to a contract of the current artifacts (indexes and `common.ts` always do). */
function isCurrent(rel: string, contracts: Set<string>): boolean {
  const name = rel.split("/").at(-1)!;
  if (name === "index.ts" || rel === "common.ts") return true;
  const key = rel.replace(/^factories\//, "").replace(/(__factory)?\.ts$/, "");
  return contracts.has(key);
}

/** Every file of `sdk/src/ethers/contracts` (relative path) and the text it should have. */
export function renderEthers(): Map<string, string> {
  let files: string[];
  try {
    files = walk(typechainDir);
  } catch {
    throw new Error(
      `${relative(root, typechainDir)} is missing: run \`hardhat build\` first (hardhat-typechain writes it)`,
    );
  }
  const contracts = currentContracts();
  files = files.filter((rel) => isCurrent(rel, contracts));
  const out = new Map<string, string>();
  for (const rel of files) out.set(rel, sortExports(transform(readFileSync(join(typechainDir, rel), "utf8"))));
  return out;
}

/** The relative paths of the files now in `sdk/src/ethers/contracts`. */
export function currentEthers(): Map<string, string> {
  const out = new Map<string, string>();
  let files: string[] = [];
  try {
    files = walk(ethersDir);
  } catch {
    return out;
  }
  for (const rel of files) out.set(rel, readFileSync(join(ethersDir, rel), "utf8"));
  return out;
}

/** Relative paths that differ (missing, extra or changed). */
export function staleEthers(): string[] {
  const want = renderEthers();
  const have = currentEthers();
  const stale = [...want].filter(([rel, text]) => have.get(rel) !== text).map(([rel]) => rel);
  return [...stale, ...[...have.keys()].filter((rel) => !want.has(rel))].sort();
}

/** Rewrites the stale files (or, with `check`, names them and returns 1). */
export function runEthers(check: boolean): number {
  const stale = staleEthers();
  if (check) {
    for (const rel of stale) console.error(`stale: ${relative(root, join(ethersDir, rel))} (run npm run abi)`);
    return stale.length > 0 ? 1 : 0;
  }
  if (stale.length > 0) {
    rmSync(ethersDir, { recursive: true, force: true });
    for (const [rel, text] of renderEthers()) {
      mkdirSync(dirname(join(ethersDir, rel)), { recursive: true });
      writeFileSync(join(ethersDir, rel), text);
    }
  }
  console.log(`ethers: ${renderEthers().size} files, ${stale.length} rewritten`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = runEthers(process.argv.includes("--check"));
