/**
 * TronBox configuration for BTT Network (docs/DEPLOY.md, "TronBox"). The deployer key comes from
 * the environment only: TRON_PRIVATE_KEY (or PRIVATE_KEY_NILE / PRIVATE_KEY_SHASTA /
 * PRIVATE_KEY_MAINNET for one network). Nothing is compiled here: the Hardhat artifacts are
 * exported into build/contracts first (`node deploy/tron/tronbox/export-artifacts.ts`).
 *
 *   cd tronbox && TRON_PRIVATE_KEY=... tronbox migrate --network nile --reset
 */
const key = (network) => process.env[`PRIVATE_KEY_${network.toUpperCase()}`] || process.env.TRON_PRIVATE_KEY;

/** Settings shared by every network: the deployer pays no energy for callers, at most 1000 TRX per deployment. */
const common = {
  userFeePercentage: 100,
  feeLimit: 1000 * 1e6,
  originEnergyLimit: 10_000_000,
};

module.exports = {
  networks: {
    nile: {
      ...common,
      privateKey: key("nile"),
      fullHost: process.env.TRON_FULLNODE || "https://nile.trongrid.io",
      network_id: "3",
    },
    shasta: {
      ...common,
      privateKey: key("shasta"),
      fullHost: process.env.TRON_FULLNODE || "https://api.shasta.trongrid.io",
      network_id: "2",
    },
    mainnet: {
      ...common,
      privateKey: key("mainnet"),
      fullHost: process.env.TRON_FULLNODE || "https://api.trongrid.io",
      network_id: "1",
    },
  },
  contracts_directory: "./contracts",
  contracts_build_directory: "./build/contracts",
  migrations_directory: "./migrations",
  // Not used (there are no sources to compile); kept explicit so that TronBox never picks a compiler on its own.
  compilers: {
    solc: { version: "0.8.26", settings: { optimizer: { enabled: true, runs: 1000 }, evmVersion: "shanghai" } },
  },
};
