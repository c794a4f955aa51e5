/**
 * Messaging on the staking home (Inbox verifying against the synced ValidatorSet, Outbox) and the
 * RootBridge naming BTTC's ChildBridge; then the deployment manifest (deployments/<network>.json).
 */
const fs = require("fs");
const { childBridgeFor, parametersFor, stateFile, writeManifest } = require("../lib/deployment.js");

const Inbox = artifacts.require("Inbox");
const Outbox = artifacts.require("Outbox");
const RootBridge = artifacts.require("RootBridge");

module.exports = async function (deployer, network) {
  const params = parametersFor(network);
  const tronWeb = tronWrap;
  const state = JSON.parse(fs.readFileSync(stateFile(network), "utf8"));
  const { childChainId, childBridge } = childBridgeFor(network, params);
  const bridge = params.RootBridge || {};

  await deployer.deploy(Inbox, state.contracts.validatorSet.address);
  await deployer.deploy(Outbox);
  await deployer.deploy(
    RootBridge,
    Outbox.address,
    Inbox.address,
    childChainId,
    childBridge,
    bridge.owner || tronWeb.defaultAddress.hex,
    String(bridge.fee || 0),
    String(bridge.maxFee || 0),
  );

  const file = writeManifest(tronWeb, network, state.startBlock, {
    ...state.contracts,
    inbox: { contractName: "Inbox", address: Inbox.address },
    outbox: { contractName: "Outbox", address: Outbox.address },
    rootBridge: { contractName: "RootBridge", address: RootBridge.address },
  });
  console.log(`  Manifest written to ${file}`);
};
