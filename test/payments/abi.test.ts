import { expect } from "chai";
import hre from "hardhat";

import { paymentChannelsAbi } from "../../sdk/src/payments/index.ts";

describe("payments: typed ABI", () => {
  it("equals the compiled PaymentChannels ABI", async () => {
    const artifact = await hre.artifacts.readArtifact("PaymentChannels");
    expect(JSON.parse(JSON.stringify(paymentChannelsAbi))).to.deep.equal(artifact.abi);
  });
});
