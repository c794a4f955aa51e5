import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { runInNewContext } from "node:vm";

import { expect } from "chai";

import { commitBytes } from "../../sdk/src/commitment/index.ts";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const esbuild = join(root, "node_modules", ".bin", "esbuild");

/**
 * Issue 16, item 9: the entries a browser dapp needs bundle for the browser platform with no Node
 * built-in. Bundled with esbuild (in the tree through tsx); a `node:` import fails the build. The
 * file-system parts of commitment, payments and storage load Node built-ins at run time
 * (sdk/src/utils/nodeBuiltins.ts) and throw `NodeOnlyError` in a browser.
 */
const browserEntries = [
  "messages",
  "staking",
  "bridge",
  "chains",
  "tron",
  "deployments",
  "commitment",
  "payments",
  "storage",
  "client",
];

/** Sample content of several pieces' worth of segments (so that pairs are hashed). */
const CONTENT = "Uint8Array.from({ length: 100000 }, (_, i) => (i * 31 + (i >> 8)) & 255)";

describe("sdk: browser bundles", function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-sdk-browser-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  for (const entry of browserEntries) {
    it(`@btt-network/sdk/${entry} bundles for the browser without Node built-ins`, async () => {
      const meta = join(dir, `${entry}.json`);
      await run(
        esbuild,
        [
          join(root, "sdk/src", entry, "index.ts"),
          "--bundle",
          "--platform=browser",
          "--format=esm",
          "--log-level=error",
          `--metafile=${meta}`,
          `--outfile=${join(dir, `${entry}.js`)}`,
        ],
        { cwd: root, maxBuffer: 64 << 20 },
      );
      const inputs = Object.keys(
        (JSON.parse(await readFile(meta, "utf8")) as { inputs: Record<string, unknown> }).inputs,
      );
      expect(
        inputs.filter((path) => path.startsWith("node:") || /(^|\/)node_modules\/@types\/node\//.test(path)),
      ).to.deep.equal([]);
      expect(inputs.some((path) => path.includes(`sdk/src/${entry}/index.ts`))).to.equal(true);
    });
  }

  /**
   * Runs an IIFE bundle in a fresh V8 context with only what a browser page has of the globals the
   * SDK uses (no `process`, no `Buffer`, no `require`), and returns what `body` resolves to.
   */
  async function inBrowserContext(entry: string, body: string): Promise<unknown> {
    const outfile = join(dir, `${entry}.iife.js`);
    await run(
      esbuild,
      [
        join(root, "sdk/src", entry, "index.ts"),
        "--bundle",
        "--platform=browser",
        "--format=iife",
        "--global-name=sdk",
        "--log-level=error",
        `--outfile=${outfile}`,
      ],
      { cwd: root, maxBuffer: 64 << 20 },
    );
    const context = { TextEncoder, TextDecoder, crypto: globalThis.crypto };
    return (await runInNewContext(
      `${await readFile(outfile, "utf8")};(async () => { ${body} })()`,
      context,
    )) as unknown;
  }

  it("the commitment bundle commits bytes in memory without Node (same root) and refuses files with NodeOnlyError", async () => {
    const out = (await inBrowserContext(
      "commitment",
      `const c = sdk.commitBytes(${CONTENT});
       let error;
       try { await sdk.commitFile("/etc/hostname"); } catch (e) { error = e.name; }
       return [sdk.hasherName, c.root, String(c.size), error];`,
    )) as string[];
    const expected = commitBytes(Uint8Array.from({ length: 100000 }, (_, i) => (i * 31 + (i >> 8)) & 255));
    expect([...out]).to.deep.equal(["javascript", expected.root, "100000", "NodeOnlyError"]);
  });

  it("the storage and payments bundles load without Node; their file parts throw NodeOnlyError", async () => {
    const storage = (await inBrowserContext(
      "storage",
      `let error;
       try { await sdk.prepare({ input: "/nonexistent", outDir: "/nonexistent-out" }); } catch (e) { error = e.name; }
       return [sdk.generateKey().length, error];`,
    )) as unknown[];
    expect([...storage]).to.deep.equal([32, "NodeOnlyError"]);
    const payments = (await inBrowserContext(
      "payments",
      `let error;
       try { await sdk.FileVoucherStore.open("/nonexistent/vouchers.json"); } catch (e) { error = e.name + " (" + (e.cause && e.cause.name) + ")"; }
       return [typeof sdk.signVoucher, typeof new sdk.MemoryVoucherStore().get, error];`,
    )) as unknown[];
    expect([...payments]).to.deep.equal(["function", "function", "VoucherStoreError (NodeOnlyError)"]);
  });
});
