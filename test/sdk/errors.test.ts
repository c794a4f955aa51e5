import { expect } from "chai";

import { BridgeContractError } from "../../sdk/src/bridge/index.ts";
import { BttError, ContractRevertError } from "../../sdk/src/index.ts";
import { PaymentChannelsError, PaymentsError, WrongGenerationError } from "../../sdk/src/payments/index.ts";
import { StakeAmountError, StakingContractError } from "../../sdk/src/staking/index.ts";
import { StorageContractError } from "../../sdk/src/storage/index.ts";

/** One revert shape: every domain's contract error is a ContractRevertError with errorName and args. */
describe("sdk: one ContractRevertError base for every domain", () => {
  const args = [1n, "0x00"] as const;
  const cases: [string, ContractRevertError][] = [
    ["staking", new StakeAmountError("StakeManagerZeroAmount", args, "Amount must be positive", ["hint"], undefined)],
    ["payments", new WrongGenerationError("PaymentChannelsWrongGeneration", args, "wrong generation")],
    [
      "storage",
      new StorageContractError("StorageMarket.claim reverted", { errorName: "StorageMarketNothingToClaim", args }),
    ],
    ["bridge", new BridgeContractError("Inbox.execute reverted", { errorName: "InboxUnknownRoot", args })],
  ];
  for (const [domain, error] of cases) {
    it(`${domain}: ${error.name} is a ContractRevertError and a BttError with errorName and args`, () => {
      expect(error).to.be.instanceOf(ContractRevertError);
      expect(error).to.be.instanceOf(BttError);
      expect(error.errorName).to.match(/^[A-Z]\w+$/);
      expect(error.args).to.deep.equal(args);
      expect(error.message).to.include(error.errorName);
    });
  }

  it("keeps each domain's own chains: staking contractError, payments PaymentsError", () => {
    const staking = cases[0]![1];
    expect(staking).to.be.instanceOf(StakingContractError);
    expect((staking as StakingContractError).contractError).to.equal("StakeManagerZeroAmount");
    const payments = cases[1]![1];
    expect(payments).to.be.instanceOf(PaymentChannelsError);
    expect(payments).to.be.instanceOf(PaymentsError);
    expect(new PaymentsError("x")).to.be.instanceOf(PaymentsError);
    expect(new PaymentsError("x")).not.to.be.instanceOf(ContractRevertError);
    expect(cases[2]![1]).not.to.be.instanceOf(PaymentsError);
  });
});
