import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { expect } from "chai";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const esbuild = join(root, "node_modules", ".bin", "esbuild");

/**
 * Issue 16, item 9 (part): the entries a browser dapp needs bundle for the browser platform with no
 * Node built-in. Bundled with esbuild (in the tree through tsx); a `node:` import fails the build.
 */
const browserEntries = ["messages", "staking", "bridge", "chains", "tron", "deployments"];

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
});
