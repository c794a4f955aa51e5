/**
 * The Hardhat configuration `hardhat node` runs with (scripts/devnet/node.ts): the project's own
 * network entries (chain ids, hardfork shanghai), nothing else. No plugins, and an artifacts folder
 * without build infos: a node then boots in under a second instead of ~6 s (Hardhat otherwise
 * parses every build info of the project, 40+ MB, into a Solidity stack-trace decoder per node).
 * Clients decode reverts themselves from their ABIs, so nothing the devnet shows is lost.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig } from "hardhat/config";

import project from "../../hardhat.config.ts";

const state = join(dirname(fileURLToPath(import.meta.url)), "..", "..", ".devnet", "node");

export default defineConfig({
  paths: { artifacts: join(state, "artifacts"), cache: join(state, "cache") },
  networks: project.networks,
});
