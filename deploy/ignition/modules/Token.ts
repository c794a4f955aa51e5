import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * BTTToken for test networks: an ERC-20 + permit whose owner (default: the deployer) may mint.
 * Parameters: `Token.owner`.
 */
export default buildModule("Token", (m) => {
  const owner = m.getParameter("owner", m.getAccount(0));
  const token = m.contract("BTTToken", [owner]);
  return { token };
});
