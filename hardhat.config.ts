import { createRequire } from "node:module";

// Tests, scripts and benches Hardhat loads after this resolve @btt-network/sdk to its TypeScript sources.
import "./tools/sdk-source.ts";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import { configVariable, defineConfig } from "hardhat/config";

import { localChains } from "./deploy/chains.ts";
import { bttcDonau } from "./sdk/src/chains/index.ts";
import { publicNetworks } from "./deploy/networks.ts";

/**
 * The compiler comes from the `solc` npm package (soljson, WebAssembly): no compiler download
 * is ever attempted, so builds work offline. Every contract is compiled for `shanghai` so that
 * one set of artifacts runs on every chain we target, TRON's TVM included (DESIGN section 2).
 */
const require = createRequire(import.meta.url);
const solcPath = require.resolve("solc/soljson.js");

const compiler = {
  version: "0.8.30",
  path: solcPath,
  settings: {
    evmVersion: "shanghai",
    optimizer: { enabled: true, runs: 1_000 },
  },
} as const;

/** Fuzz seed is fixed so that a local failure reproduces; CI raises the run counts. */
const inCi = process.env.CI === "true";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatViem],
  solidity: {
    profiles: {
      default: compiler,
      production: compiler,
    },
  },
  paths: {
    sources: "contracts",
    ignition: "deploy/ignition",
    tests: { solidity: "test", mocha: "test" },
  },
  test: {
    solidity: {
      // Solidity tests read the SDK-generated vectors (checked on both sides).
      fsPermissions: { readDirectory: ["test/vectors"] },
      fuzz: { runs: inCi ? 512 : 256, seed: "0x4254544e6574776f726b" },
      invariant: { runs: inCi ? 64 : 32, depth: inCi ? 64 : 32, failOnRevert: false },
    },
    mocha: { timeout: 600_000 },
  },
  typechain: { outDir: "types/ethers-contracts" },
  // Explorer verification (deploy/verify.ts): one Etherscan API V2 key for Sepolia, BSC testnet and
  // BTTC Donau, read only when verifying. Hardhat knows Sepolia's and BSC testnet's explorers.
  verify: { etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") } },
  chainDescriptors: {
    [bttcDonau.id]: {
      name: bttcDonau.name,
      blockExplorers: {
        etherscan: {
          name: "BttcScan",
          url: bttcDonau.blockExplorers.default.url,
          apiUrl: "https://api.etherscan.io/v2/api",
        },
      },
    },
  },
  networks: {
    // In-process simulated chains with the real chain ids (tests, benchmarks, the demo).
    ...Object.fromEntries(
      localChains.map((chain) => [
        chain.network,
        { type: "edr-simulated" as const, chainType: "l1" as const, chainId: chain.chainId, hardfork: "shanghai" },
      ]),
    ),
    // Public testnets: URLs and keys are configuration variables (environment or `hardhat keystore set`).
    ...Object.fromEntries(
      publicNetworks.map((net) => [
        net.network,
        {
          type: "http" as const,
          chainType: "l1" as const,
          chainId: net.chainId,
          url: configVariable(net.rpcVariable),
          accounts: [configVariable(net.keyVariable)],
        },
      ]),
    ),
  },
});
