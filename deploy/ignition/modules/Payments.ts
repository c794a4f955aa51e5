import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * PaymentChannels (on BTTC by default). Parameters (`PaymentChannels.*`): `withdrawalDelay`
 * (seconds a payer waits between announcing and completing a withdrawal; default 86400).
 */
export default buildModule("PaymentChannels", (m) => {
  const withdrawalDelay = m.getParameter("withdrawalDelay", 86_400n);
  const paymentChannels = m.contract("PaymentChannels", [withdrawalDelay]);
  return { paymentChannels };
});
