/**
 * The Hardhat configuration `hardhat node` runs with (devnet/node.ts): the project's local
 * chains (deploy/chains.ts: real chain ids, hardfork shanghai, as in hardhat.config.ts; a test keeps
 * the two equal) and nothing else. No plugins and an artifacts folder without build infos: a node
 * boots on ~0.7 s of CPU instead of ~6 s (Hardhat otherwise loads the plugins and parses every
 * build info of the project, 40+ MB, into a Solidity stack-trace decoder per node). Clients decode
 * reverts from their own ABIs, so nothing the devnet shows is lost.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig } from "hardhat/config";

import { localChains } from "../deploy/chains.ts";

const state = join(dirname(fileURLToPath(import.meta.url)), "..", ".devnet", "node");

export default defineConfig({
  paths: { artifacts: join(state, "artifacts"), cache: join(state, "cache") },
  networks: Object.fromEntries(
    localChains.map((chain) => [
      chain.network,
      { type: "edr-simulated" as const, chainType: "l1" as const, chainId: chain.chainId, hardfork: "shanghai" },
    ]),
  ),
});
