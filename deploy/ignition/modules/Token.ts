import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * BTTToken for test networks: an ERC-20 + permit whose owner (default: the deployer) may mint.
 * Parameters: `Token.owner`.
 */
export const Token = buildModule("Token", (m) => {
  const owner = m.getParameter("owner", m.getAccount(0));
  const token = m.contract("BTTToken", [owner]);
  return { token };
});

/**
 * The BTT that already exists on a chain (mainnets: BTT's TRC-20 / ERC-20 / BEP-20), used instead
 * of deploying one. Same module id, so the staking module does not care. Parameter: `Token.address`.
 */
export const ExistingToken = buildModule("Token", (m) => {
  const token = m.contractAt("BTTToken", m.getParameter("address"));
  return { token };
});

export default Token;
