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
  const out = new Map<string, string>();
  for (const rel of files) out.set(rel, transform(readFileSync(join(typechainDir, rel), "utf8")));
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
