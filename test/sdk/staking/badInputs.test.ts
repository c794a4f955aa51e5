import { network } from "hardhat";
import { getAddress, type Address } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { InvalidArgumentError, NoContractError } from "../../../sdk/src/index.ts";
import {
  approveStaking,
  delegate,
  setCommission,
  stake,
  StakeAmountError,
  unbond,
  ValidatorStateError,
  withdrawUnbonded,
  WithdrawNotReadyError,
} from "../../../sdk/src/staking/index.ts";
import { badInputTable, type BadInput } from "../../support/badInputs.ts";
import { BTT, testParams } from "./support/params.ts";

const params = testParams;

async function stakingEnv() {
  const home = await network.create({ network: "tron" });
  const [gov, validator, delegator] = await home.viem.getWalletClients();
  if (!gov || !validator || !delegator) throw new Error("accounts");
  const pub = await home.viem.getPublicClient();
  const token = await home.viem.deployContract("BTTToken", [gov.account.address]);
  const sm = await home.viem.deployContract("StakeManager", [token.address, gov.account.address, params]);
  const mined = async (hash: Promise<`0x${string}`>) => pub.waitForTransactionReceipt({ hash: await hash });
  for (const w of [validator, delegator]) {
    await mined(token.write.mint([w.account.address, 2_000n * BTT], { account: gov.account }));
    await mined(approveStaking(w, { token: token.address, stakeManager: sm.address, amount: 2n ** 255n }));
  }
  const signer = privateKeyToAccount(generatePrivateKey()).address;
  await mined(stake(validator, { stakeManager: sm.address, signer, amount: 1_000n * BTT, commissionBps: 500 }));
  return { gov, validator, delegator, stakeManager: sm.address as Address };
}

type Env = Awaited<ReturnType<typeof stakingEnv>>;

/** Staking's bad inputs, each with the typed error it gives, on the simulated TRON staking home. */
describe("sdk/staking: bad inputs give typed errors", function () {
  let env: Env;
  before(async () => {
    env = await stakingEnv();
  });

  const rows: BadInput<Env>[] = [
    {
      input: "stake a negative amount",
      run: ({ delegator, stakeManager }) =>
        stake(delegator, { stakeManager, signer: delegator.account.address, amount: -1n, commissionBps: 0 }),
      error: InvalidArgumentError,
    },
    {
      input: "delegate a negative amount",
      run: ({ delegator, validator, stakeManager }) =>
        delegate(delegator, { stakeManager, validator: validator.account.address, amount: -5n }),
      error: InvalidArgumentError,
    },
    {
      input: "a commission above uint16",
      run: ({ validator, stakeManager }) => setCommission(validator, { stakeManager, commissionBps: 70_000 }),
      error: InvalidArgumentError,
    },
    {
      input: "a commission above 100%",
      run: ({ validator, stakeManager }) => setCommission(validator, { stakeManager, commissionBps: 10_001 }),
      error: ValidatorStateError,
      errorName: "StakeManagerInvalidCommission",
    },
    {
      input: "delegate more than the balance",
      run: ({ delegator, validator, stakeManager }) =>
        delegate(delegator, { stakeManager, validator: validator.account.address, amount: 5_000n * BTT }),
      error: StakeAmountError,
      errorName: "ERC20InsufficientBalance",
    },
    {
      input: "delegate to an account that is not a validator",
      run: ({ delegator, gov, stakeManager }) =>
        delegate(delegator, { stakeManager, validator: gov.account.address, amount: 1n }),
      error: ValidatorStateError,
      errorName: "StakeManagerUnknownValidator",
    },
    {
      input: "unbond more shares than held",
      run: ({ delegator, validator, stakeManager }) =>
        unbond(delegator, { stakeManager, validator: validator.account.address, shares: 1n }),
      error: StakeAmountError,
      errorName: "StakeManagerInsufficientShares",
    },
    {
      input: "withdraw an unbond id that does not exist",
      run: ({ delegator, stakeManager }) => withdrawUnbonded(delegator, { stakeManager, unbondId: 42n }),
      error: WithdrawNotReadyError,
      errorName: "StakeManagerUnknownUnbond",
    },
    {
      input: "delegate through a StakeManager address without code (silently accepted before)",
      run: ({ delegator, validator }) =>
        delegate(delegator, {
          stakeManager: getAddress(`0x${"77".repeat(20)}`),
          validator: validator.account.address,
          amount: 1n,
        }),
      error: NoContractError,
    },
  ];
  badInputTable(rows, () => env);
});
