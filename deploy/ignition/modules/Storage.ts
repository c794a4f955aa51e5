import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * StorageMarket (on BTTC by default, DESIGN section 2). Parameters (`StorageMarket.*`): `token`
 * (the ERC-20 deals are paid in, e.g. WBTT or a bridged stablecoin; required), `epochLength`
 * (blocks, default 1200), `slashBps` (default 1000), `bountyBps` (default 2000), `maxMisses`
 * (default 3).
 */
export default buildModule("StorageMarket", (m) => {
  const token = m.getParameter("token");
  const epochLength = m.getParameter("epochLength", 1_200n);
  const slashBps = m.getParameter("slashBps", 1_000n);
  const bountyBps = m.getParameter("bountyBps", 2_000n);
  const maxMisses = m.getParameter("maxMisses", 3n);
  const storageMarket = m.contract("StorageMarket", [token, epochLength, slashBps, bountyBps, maxMisses]);
  return { storageMarket };
});
