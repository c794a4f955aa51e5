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

/**
 * Fuzz and invariant run counts, one Solidity test profile each: `default` for `npm test` on a
 * laptop, `ci` (chosen when CI=true) with twice the fuzz runs and four times the invariant calls,
 * `deep` for a long search before a release (`FUZZ_PROFILE=deep npm test`, or
 * `hardhat test solidity --test-profile deep`). A test may lower its own count where the input
 * space is small (`/// forge-config: <profile>.fuzz.runs = N`, with the reason next to it); `deep`
 * is never lowered. The seed is fixed so that a failure reproduces.
 */
const fuzzSeed = "0x4254544e6574776f726b";
const fuzzProfile = (runs: number, invariantRuns: number, depth: number) => ({
  // Solidity tests read the SDK-generated vectors (checked on both sides).
  fsPermissions: { readDirectory: ["test/vectors"] },
  fuzz: { runs, seed: fuzzSeed },
  invariant: { runs: invariantRuns, depth, failOnRevert: false },
});
const fuzzProfiles = {
  default: fuzzProfile(256, 32, 32),
  ci: fuzzProfile(512, 64, 64),
  deep: fuzzProfile(4_096, 256, 128),
};
/** FUZZ_PROFILE names the profile `hardhat test solidity` runs (else CI=true means `ci`). */
const selected = process.env.FUZZ_PROFILE ?? (process.env.CI === "true" ? "ci" : "default");
if (!(selected in fuzzProfiles)) {
  throw new Error(`FUZZ_PROFILE=${selected} is not a profile: use one of ${Object.keys(fuzzProfiles).join(", ")}`);
}
process.env.HARDHAT_TEST_PROFILE ??= selected;

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
    solidity: { profiles: fuzzProfiles },
    // The spec reporter plus each file's time and the slowest files (FILE_TIMES_OUT=<path> for all).
    mocha: { timeout: 600_000, reporter: require.resolve("./tools/mocha-file-times.cjs") },
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
