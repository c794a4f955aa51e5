import { readFileSync } from "node:fs";
import { relative } from "node:path";

import { expect } from "chai";

import { abiFiles, header, renderAll, root } from "../../tools/generate-abi.ts";
import { renderEthers, staleEthers } from "../../tools/generate-ethers.ts";

/** The one drift check for every domain's generated ABI (run `npm run abi` after `hardhat build`). */
describe("sdk ABIs are generated from the compiled contracts", () => {
  for (const { path, text } of renderAll()) {
    it(`${relative(root, path)} matches tools/generate-abi.ts's output for the current artifacts`, () => {
      expect(readFileSync(path, "utf8"), `${relative(root, path)} is stale: run npm run abi`).to.equal(text);
    });
  }

  it("every file carries the header and no internalType", () => {
    expect(abiFiles.length).to.be.greaterThan(0);
    for (const { path } of renderAll()) {
      const text = readFileSync(path, "utf8");
      expect(text.startsWith(header)).to.equal(true);
      expect(text).not.to.include("internalType");
    }
  });

  it("writes the same bytes twice (deterministic)", () => {
    expect(renderAll()).to.deep.equal(renderAll());
  });
});

/** Issue 16, item 10: the ethers v6 contract types the SDK publishes as `@btt-network/sdk/ethers`. */
describe("sdk ethers contract types are TypeChain's for the current artifacts", () => {
  it("sdk/src/ethers/contracts matches tools/generate-ethers.ts's output (run npm run abi)", () => {
    expect(staleEthers()).to.deep.equal([]);
  });

  it("holds every deployed contract's factory and none of the test contracts", () => {
    const files = [...renderEthers().keys()];
    for (const name of ["StakeManager", "ValidatorSet", "Inbox", "Outbox", "RootBridge", "ChildBridge"])
      expect(files.some((f) => f.endsWith(`/${name}__factory.ts`))).to.equal(true, name);
    for (const name of ["StorageMarket", "PaymentChannels", "BTTToken", "ChildToken"])
      expect(files.some((f) => f.endsWith(`/${name}__factory.ts`))).to.equal(true, name);
    expect(files.filter((f) => /(^|\/)test\/|hardhat\.d\.ts/.test(f))).to.deep.equal([]);
    for (const text of renderEthers().values()) expect(text).not.to.match(/from ['"]\.{1,2}\/[^'"]*\.js['"]/);
  });
});
