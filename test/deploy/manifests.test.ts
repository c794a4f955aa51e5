import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import {
  ContractNotDeployedError,
  DeploymentManifestError,
  ManifestChainMismatchError,
  assertManifestChain,
  contractAddress,
  deployedContract,
  manifestContractKeys,
  parseManifest,
  serializeManifest,
  type DeploymentManifest,
} from "../../sdk/src/deployments/index.ts";
import { manifestKeys } from "../../deploy/modules.ts";
import { parseConfig } from "../../relayer/src/config/load.ts";
import { checkManifestChain, contractFor, loadManifests } from "../../relayer/src/config/manifests.ts";
import { ConfigError } from "../../relayer/src/errors.ts";

const bridge = "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707";
const inbox = "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9";
const manifest: DeploymentManifest = {
  version: 1,
  network: "bttcDonau",
  chainId: 1029,
  role: "child",
  stakingHome: false,
  deployedAt: "2026-11-21T08:00:00.000Z",
  release: "0.1.0",
  compiler: { solc: "0.8.30", evmVersion: "shanghai", optimizerRuns: 1000 },
  contracts: {
    childBridge: {
      address: bridge,
      blockNumber: 12n,
      contractName: "ChildBridge",
      constructorArgs: [inbox, "0", { a: ["1", true] }],
    },
    inbox: { address: inbox, blockNumber: 10n, contractName: "Inbox" },
  },
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("deployment manifests: SDK parsing and lookups", () => {
  it("round-trips through JSON with bigints, constructor arguments and TRON addresses", () => {
    const tron = {
      ...manifest,
      contracts: {
        ...manifest.contracts,
        inbox: {
          ...manifest.contracts.inbox!,
          tronAddress: "TW4YD9cGLfk3hduLYESFAttASBtF4ECLmX",
          transactionHash: "ab".repeat(32),
        },
      },
    };
    expect(parseManifest(serializeManifest(tron))).to.deep.equal(tron);
    expect(deployedContract(parseManifest(serializeManifest(manifest)), "childBridge").blockNumber).to.equal(12n);
  });

  it("names the first bad field", () => {
    const cases: [unknown, RegExp][] = [
      ["{", /not valid JSON/],
      [{ ...manifest, version: 2 }, /"version" must be 1/],
      [{ ...manifest, chainId: "1029" }, /"chainId" must be a positive integer/],
      [{ ...manifest, role: "home" }, /"role" must be "child" or "root"/],
      [{ ...manifest, stakingHome: "no" }, /"stakingHome" must be a boolean/],
      [{ ...manifest, compiler: { solc: "0.8.30" } }, /"compiler" must be/],
      [
        { ...manifest, contracts: { x: { ...manifest.contracts.inbox, address: "0x12" } } },
        /"contracts\.x\.address" must be a 20-byte hex address/,
      ],
      [
        { ...manifest, contracts: { x: { ...manifest.contracts.inbox, blockNumber: "-1" } } },
        /"contracts\.x\.blockNumber" must be a block number/,
      ],
      [
        { ...manifest, contracts: { x: { ...manifest.contracts.inbox, constructorArgs: [1.5] } } },
        /"contracts\.x\.constructorArgs"/,
      ],
      [
        { ...manifest, contracts: { x: { ...manifest.contracts.inbox, tronAddress: "T123" } } },
        /"contracts\.x\.tronAddress" must be a TRON base58 address/,
      ],
      [
        { ...manifest, contracts: { x: { ...manifest.contracts.inbox, transactionHash: "0x12" } } },
        /"contracts\.x\.transactionHash"/,
      ],
    ];
    for (const [input, message] of cases) {
      const error = thrown(() =>
        parseManifest(typeof input === "string" ? input : serializeManifest(input as DeploymentManifest)),
      );
      expect(error).to.be.instanceOf(DeploymentManifestError);
      expect((error as Error).message).to.match(message);
    }
  });

  it("uses one set of contract keys: the ones deploy/modules.ts writes are the SDK's manifestContractKeys", () => {
    expect([...new Set(Object.values(manifestKeys))].sort()).to.deep.equal([...manifestContractKeys].sort());
  });

  it("contractAddress and assertManifestChain throw typed errors", () => {
    expect(contractAddress(manifest, "inbox")).to.equal(inbox);
    const missing = thrown(() => contractAddress(manifest, "rootBridge")) as ContractNotDeployedError;
    expect(missing).to.be.instanceOf(ContractNotDeployedError);
    expect(missing).to.include({ key: "rootBridge", network: "bttcDonau" });
    expect(missing.details).to.deep.equal({ available: "childBridge, inbox" });
    expect(() => assertManifestChain(manifest, 1029n)).to.not.throw();
    const mismatch = thrown(() => assertManifestChain(manifest, 97)) as ManifestChainMismatchError;
    expect(mismatch).to.be.instanceOf(ManifestChainMismatchError);
    expect(mismatch).to.include({ expected: 1029, actual: 97 });
  });
});

describe("relayer: chains.<name>.manifest", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "btt-manifests-"));
    await writeFile(join(dir, "donau.json"), serializeManifest(manifest));
    await writeFile(join(dir, "broken.json"), "{}");
  });
  after(() => rm(dir, { recursive: true, force: true }));
  const config = (manifestPath: string, chain = "bttcDonau") =>
    parseConfig({ chains: { [chain]: { rpcUrl: "http://127.0.0.1:1", manifest: manifestPath } } });

  it("loads a manifest relative to the config file and gives duties addresses and start blocks", () => {
    const manifests = loadManifests(config("donau.json"), dir);
    expect(contractFor(manifests, "bttcDonau", "childBridge")).to.deep.equal({ address: bridge, fromBlock: 12n });
    // An address in the duty's config wins; the start block is kept only when it is the same contract.
    expect(contractFor(manifests, "bttcDonau", "inbox", inbox.toLowerCase() as `0x${string}`)).to.deep.equal({
      address: inbox.toLowerCase(),
      fromBlock: 10n,
    });
    expect(contractFor(manifests, "bttcDonau", "inbox", bridge)).to.deep.equal({ address: bridge, fromBlock: 0n });
    const missing = thrown(() => contractFor(manifests, "bttcDonau", "storageMarket")) as ConfigError;
    expect(missing).to.be.instanceOf(ConfigError);
    expect(missing.message).to.match(/chain 'bttcDonau': its manifest \(bttcDonau\) has no storageMarket/);
    expect(missing.cause).to.be.instanceOf(ContractNotDeployedError);
    expect(String(thrown(() => contractFor(manifests, "bttc", "inbox")))).to.match(
      /chain 'bttc': no address for inbox/,
    );
  });

  it("refuses a manifest for another chain, an unreadable or invalid one", () => {
    expect(String(thrown(() => loadManifests(config("donau.json", "sepolia"), dir)))).to.match(
      /chain 'sepolia' has id 11155111 but its manifest .*donau\.json is for bttcDonau \(chain 1029\)/,
    );
    expect(String(thrown(() => loadManifests(config("nope.json"), dir)))).to.match(
      /cannot read its deployment manifest/,
    );
    expect(String(thrown(() => loadManifests(config("broken.json"), dir)))).to.match(
      /is not a valid deployment manifest: Deployment manifest field "version" must be 1/,
    );
    const local = parseConfig({
      chains: { local: { rpcUrl: "http://127.0.0.1:1", chainId: 31337, manifest: "donau.json" } },
    });
    expect(String(thrown(() => loadManifests(local, dir)))).to.match(/chain 'local' has id 31337/);
  });

  it("checks the manifest against the chain id the RPC serves", () => {
    expect(() => checkManifestChain("bttcDonau", manifest, 1029)).to.not.throw();
    expect(String(thrown(() => checkManifestChain("bttcDonau", manifest, 199)))).to.match(
      /the RPC serves chain 199 but the manifest is for bttcDonau \(chain 1029\)/,
    );
  });
});
