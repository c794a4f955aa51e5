import { readFileSync } from "node:fs";
import { relative } from "node:path";

import { expect } from "chai";

import { abiFiles, header, renderAll, root } from "../../tools/generate-abi.ts";
import { renderEthers, sortExports, staleEthers } from "../../tools/generate-ethers.ts";

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

  it("lists the root index's contracts in one order whatever order the compiler's jobs finished in", () => {
    const index = renderEthers().get("index.ts")!;
    const lines = index.split("\n");
    const first = lines.findIndex((line) => line.startsWith("export type { ") && line.includes(" from "));
    const pairs: string[][] = [];
    for (let i = first; i < lines.length && /^export (type )?\{ \w+ \} from /.test(lines[i]!); i++)
      if (lines[i]!.startsWith("export type ")) pairs.push([lines[i]!]);
      else pairs.at(-1)!.push(lines[i]!);
    expect(pairs.length).to.be.greaterThan(10);
    const reversed = [...lines.slice(0, first), ...pairs.reverse().flat(), ...lines.slice(first + pairs.flat().length)];
    expect(reversed.join("\n")).not.to.equal(index);
    expect(sortExports(reversed.join("\n"))).to.equal(index);
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
