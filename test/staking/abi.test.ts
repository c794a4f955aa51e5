import { readFile } from "node:fs/promises";

import { expect } from "chai";

import { stakeManagerAbi, validatorSetAbi } from "../../sdk/src/staking/abi.ts";

/** The SDK ships hand-copied ABIs; this fails when a contract interface changes without them. */
async function artifactAbi(path: string): Promise<unknown> {
  const { abi } = JSON.parse(await readFile(new URL(`../../artifacts/contracts/staking/${path}`, import.meta.url), "utf8")) as {
    abi: unknown;
  };
  return JSON.parse(JSON.stringify(abi, (key, value: unknown) => (key === "internalType" ? undefined : value)));
}

describe("staking SDK ABIs match the compiled contracts", () => {
  it("StakeManager", async () => {
    expect(stakeManagerAbi).to.deep.equal(await artifactAbi("StakeManager.sol/StakeManager.json"));
  });
  it("ValidatorSet", async () => {
    expect(validatorSetAbi).to.deep.equal(await artifactAbi("ValidatorSet.sol/ValidatorSet.json"));
  });
});
