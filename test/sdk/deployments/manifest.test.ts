import { expect } from "chai";

import {
  DeploymentManifestError,
  contractAddress,
  parseManifest,
  serializeManifest,
  type DeploymentManifest,
} from "../../../sdk/src/deployments/index.ts";

const manifest: DeploymentManifest = {
  version: 1,
  network: "sepolia",
  chainId: 11155111,
  role: "root",
  deployedAt: "2026-11-21T06:00:00.000Z",
  release: "0.1.0",
  contracts: {
    token: { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", blockNumber: 123n, contractName: "BTTToken" },
  },
};

describe("deployment manifests", () => {
  it("round-trips through JSON with bigint block numbers", () => {
    const text = serializeManifest(manifest);
    expect(text).to.contain('"blockNumber": "123"');
    expect(parseManifest(text)).to.deep.equal(manifest);
  });

  it("names the contract that is missing and what is available", () => {
    expect(contractAddress(manifest, "token")).to.equal(manifest.contracts.token?.address);
    expect(() => contractAddress(manifest, "inbox")).to.throw(DeploymentManifestError, /No contract "inbox" in the sepolia deployment/);
  });

  const broken: [string, unknown, RegExp][] = [
    ["not JSON", "{", /not valid JSON/],
    ["wrong version", { ...manifest, version: 2 }, /"version" must be 1/],
    ["bad chain id", { ...manifest, chainId: -1 }, /"chainId" must be a positive integer/],
    ["bad role", { ...manifest, role: "side" }, /"role"/],
    ["bad time", { ...manifest, deployedAt: "yesterday" }, /"deployedAt"/],
    ["bad address", { ...manifest, contracts: { token: { ...manifest.contracts.token, address: "0x12" } } }, /contracts.token.address/],
    ["bad block", { ...manifest, contracts: { token: { ...manifest.contracts.token, blockNumber: "x" } } }, /contracts.token.blockNumber/],
  ];
  for (const [name, input, message] of broken) {
    it(`rejects a manifest with ${name}`, () => {
      const text = typeof input === "string" ? input : serializeManifest(input as DeploymentManifest);
      expect(() => parseManifest(text)).to.throw(DeploymentManifestError, message);
    });
  }
});
