import { readFileSync } from "node:fs";

import { expect } from "chai";

import { abiFile, renderAbiFile } from "./generateAbi.ts";

describe("sdk/bridge ABIs", () => {
  it("match the compiled contracts (regenerate with node test/bridge/generateAbi.ts)", () => {
    expect(readFileSync(abiFile, "utf8")).to.equal(renderAbiFile());
  });
});
