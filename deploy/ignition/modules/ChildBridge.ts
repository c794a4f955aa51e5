import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { Messaging, type MessagingModule } from "./Messaging.ts";

/**
 * ChildBridge on BTTC. Parameters (`ChildBridge.*`): `owner` (default: the deployer), `fee` (flat
 * fee in wei, default 0), `maxFee` (the highest fee governance may ever set, fixed at deployment,
 * default 0: no fee can be set). Its vault of native BTT is funded separately (`fundVault`), and each
 * root's bridge is registered with `setRootBridge` (deploy/wire.ts).
 */
export function childBridgeModule(messaging: MessagingModule) {
  return buildModule("ChildBridge", (m) => {
    const { inbox, outbox } = m.useModule(messaging);
    const owner = m.getParameter("owner", m.getAccount(0));
    const fee = m.getParameter("fee", 0n);
    const maxFee = m.getParameter("maxFee", 0n);
    const childBridge = m.contract("ChildBridge", [outbox, inbox, owner, fee, maxFee]);
    return { childBridge };
  });
}

export default childBridgeModule(Messaging);
