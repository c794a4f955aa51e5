import { readFileSync } from "node:fs";
import { relative } from "node:path";

import { expect } from "chai";

import { abiFiles, header, renderAll, root } from "../../tools/generate-abi.ts";

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
