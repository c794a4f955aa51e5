import { readFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { TronWeb, utils as tronUtils } from "tronweb";
import { getAddress, type Abi } from "viem";

import { parseManifest, serializeManifest, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import { encodeConstructorArgs } from "../../deploy/lib/abiArgs.ts";
import { exportTronboxArtifacts, tronboxContracts } from "../../deploy/tron/tronbox.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const tronbox = join(root, "deploy", "tron", "tronbox");
const require = createRequire(import.meta.url);
const KEY = "5a".repeat(32);

interface Artifact {
  contractName: string;
  abi: Abi;
  bytecode: string;
  address?: string;
}

/**
 * TronBox is not installed here: the config and the migrations are loaded as TronBox loads them
 * (CommonJS, with `artifacts` and `tronWrap` globals) and run against a recording deployer; every
 * deployment they ask for must encode exactly as the TronWeb deployer encodes it.
 */
describe("TronBox: configuration and migrations over the Hardhat artifacts", function () {
  this.timeout(60_000);
  let outDir: string;
  let buildDir: string;

  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), "btt-tronbox-"));
    buildDir = join(outDir, "build");
  });
  after(() => rm(outDir, { recursive: true, force: true }));

  it("the config names nile, shasta and mainnet over https, with the key from the environment only", async () => {
    const text = await readFile(join(tronbox, "tronbox-config.js"), "utf8");
    expect(text).to.not.match(/[0-9a-fA-F]{64}/);
    const saved = process.env.TRON_PRIVATE_KEY;
    process.env.TRON_PRIVATE_KEY = KEY;
    process.env.PRIVATE_KEY_SHASTA = "ab".repeat(32);
    const file = require.resolve(join(tronbox, "tronbox-config.js"));
    delete require.cache[file];
    const config = require(file) as {
      networks: Record<string, { privateKey: string; fullHost: string; network_id: string; feeLimit: number }>;
      contracts_build_directory: string;
    };
    delete process.env.PRIVATE_KEY_SHASTA;
    if (saved === undefined) delete process.env.TRON_PRIVATE_KEY;
    else process.env.TRON_PRIVATE_KEY = saved;
    expect(Object.keys(config.networks)).to.deep.equal(["nile", "shasta", "mainnet"]);
    expect(config.networks.nile).to.include({ privateKey: KEY, fullHost: "https://nile.trongrid.io", network_id: "3" });
    expect(config.networks.shasta?.privateKey).to.equal("ab".repeat(32));
    expect(config.networks.mainnet).to.include({ fullHost: "https://api.trongrid.io", feeLimit: 1_000_000_000 });
    expect(config.contracts_build_directory).to.equal("./build/contracts");
  });

  it("exports the Hardhat artifacts the migrations require, in TronBox's format", async () => {
    await exportTronboxArtifacts(root, buildDir);
    for (const name of tronboxContracts) {
      const exported = JSON.parse(await readFile(join(buildDir, `${name}.json`), "utf8")) as Artifact & {
        networks: object;
      };
      const sourcePath = (await import("../../deploy/modules.ts")).contractSources[name] as string;
      const hardhat = JSON.parse(
        await readFile(join(root, "artifacts", sourcePath, `${name}.json`), "utf8"),
      ) as Artifact;
      expect(exported).to.include({ contractName: name, bytecode: hardhat.bytecode });
      expect(exported.abi).to.deep.equal(hardhat.abi);
      expect(exported.networks).to.deep.equal({});
    }
    const stub = JSON.parse(await readFile(join(buildDir, "Migrations.json"), "utf8")) as Artifact;
    expect(stub.bytecode).to.equal("0x");
  });

  it("the migrations deploy token, staking, messaging and bridge with the arguments the TronWeb deployer uses, then write the manifest", async () => {
    const childBridge = "0x00000000000000000000000000000000000C4B1d";
    const child: DeploymentManifest = {
      version: 1,
      network: "bttcDonau",
      chainId: 1029,
      role: "child",
      deployedAt: new Date().toISOString(),
      release: "t",
      contracts: { childBridge: { address: childBridge, blockNumber: 5n, contractName: "ChildBridge" } },
    };
    const childFile = join(outDir, "bttcDonau.json");
    await writeFile(childFile, serializeManifest(child));
    process.env.DEPLOY_CHILD_MANIFEST = childFile;
    process.env.DEPLOY_OUT_DIR = outDir;

    const tronWeb = new TronWeb({ fullHost: "http://127.0.0.1:9", privateKey: KEY });
    const deployerHex = tronWeb.address.toHex(tronWeb.defaultAddress.base58 as string);
    const loaded = new Map<string, Artifact>();
    const calls: { name: string; args: unknown[]; rawParameter: string }[] = [];
    let next = 1;
    const globals = globalThis as unknown as Record<string, unknown>;
    globals.artifacts = {
      require: (name: string) => {
        const artifact = require(join(buildDir, `${name}.json`)) as Artifact;
        loaded.set(name, artifact);
        return artifact;
      },
    };
    globals.tronWrap = Object.assign(Object.create(tronWeb) as object, {
      trx: { getCurrentBlock: async () => ({ block_header: { raw_data: { number: 4242 } } }) },
    });
    const deployer = {
      deploy: async (artifact: Artifact, ...args: unknown[]) => {
        // What TronBox's TronWrap does with constructor arguments (TronWeb's ABI v2 encoder).
        const ctor = artifact.abi.find((i) => i.type === "constructor");
        const rawParameter =
          ctor !== undefined && args.length > 0
            ? (tronUtils.abi.encodeParamsV2ByABI(ctor as never, args as never) as string).replace(/^0x/, "")
            : "";
        calls.push({ name: artifact.contractName, args, rawParameter });
        artifact.address = `41${(next++).toString(16).padStart(40, "0")}`;
      },
    };
    try {
      for (const file of ["1_token_staking.js", "2_messaging_bridge.js"]) {
        const path = require.resolve(join(tronbox, "migrations", file));
        delete require.cache[path];
        await (require(path) as (d: typeof deployer, network: string) => Promise<void>)(deployer, "nile");
      }
    } finally {
      delete globals.artifacts;
      delete globals.tronWrap;
      delete process.env.DEPLOY_CHILD_MANIFEST;
      delete process.env.DEPLOY_OUT_DIR;
    }

    expect(calls.map((c) => c.name)).to.deep.equal([
      "BTTToken",
      "StakeManager",
      "ValidatorSet",
      "Inbox",
      "Outbox",
      "RootBridge",
    ]);
    const addr = (i: number) => `41${i.toString(16).padStart(40, "0")}`;
    const nile = JSON.parse(await readFile(join(root, "deploy", "parameters", "nile.json"), "utf8")) as {
      Staking: { params: Record<string, unknown> };
    };
    const expected: unknown[][] = [
      [deployerHex],
      [addr(1), deployerHex, nile.Staking.params],
      [addr(2), "0", [], [], "0"],
      [addr(3)],
      [],
      [addr(5), addr(4), "1029", childBridge, deployerHex, "0", "0"],
    ];
    calls.forEach((call, i) => {
      const artifact = loaded.get(call.name) as Artifact;
      expect(call.rawParameter, call.name).to.equal(encodeConstructorArgs(artifact.abi, expected[i] as unknown[]));
    });

    const manifest = parseManifest(await readFile(join(outDir, "nile.json"), "utf8"));
    expect(manifest).to.include({ network: "nile", chainId: 3448148188, role: "root", stakingHome: true });
    expect(manifest.contracts.rootBridge?.address).to.equal(getAddress(`0x${addr(6).slice(2)}`));
    expect(manifest.contracts.rootBridge?.tronAddress).to.equal(TronWeb.address.fromHex(addr(6)));
    expect(manifest.contracts.token?.blockNumber).to.equal(4242n);
  });
});
