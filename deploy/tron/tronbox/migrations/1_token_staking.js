/**
 * The staking home on TRON: BTT (the existing TRC-20 when Token.address is set; mainnet must),
 * StakeManager over it, and the ValidatorSet synced from the StakeManager.
 */
const fs = require("fs");
const path = require("path");
const { parametersFor, stakingParams, stateFile } = require("../lib/deployment.js");

const BTTToken = artifacts.require("BTTToken");
const StakeManager = artifacts.require("StakeManager");
const ValidatorSet = artifacts.require("ValidatorSet");

module.exports = async function (deployer, network) {
  const params = parametersFor(network);
  const tronWeb = tronWrap;
  const deployerAddress = tronWeb.defaultAddress.hex;
  const startBlock = (await tronWeb.trx.getCurrentBlock()).block_header.raw_data.number;
  const owner = (params.Staking && params.Staking.owner) || deployerAddress;

  let token = params.Token && params.Token.address;
  if (!token) {
    if (network === "mainnet")
      throw new Error("mainnet needs Token.address (BTT's TRC-20) in deploy/parameters/tronMainnet.json");
    await deployer.deploy(BTTToken, (params.Token && params.Token.owner) || deployerAddress);
    token = BTTToken.address;
  }
  await deployer.deploy(StakeManager, token, owner, stakingParams(params));
  // maxAge 0: on the home the verifier follows the StakeManager's setMaxAge.
  await deployer.deploy(ValidatorSet, StakeManager.address, 0, [], [], 0);

  const state = {
    startBlock,
    contracts: {
      token: { contractName: "BTTToken", address: token },
      stakeManager: { contractName: "StakeManager", address: StakeManager.address },
      validatorSet: { contractName: "ValidatorSet", address: ValidatorSet.address },
    },
  };
  fs.mkdirSync(path.dirname(stateFile(network)), { recursive: true });
  fs.writeFileSync(stateFile(network), JSON.stringify(state, null, 2));
};
