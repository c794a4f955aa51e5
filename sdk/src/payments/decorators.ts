import type { ReadClient } from "../contract.ts";
import { bindAction, bindPrepare, bindWaitForWrite, bindWrite } from "../decorate.ts";
import { paymentChannelsAbi } from "./abi.ts";
import type { AnyAddress } from "../tron/address.ts";
import { assertVoucherSolvent } from "./actions/assertVoucherSolvent.ts";
import { cancelWithdrawal } from "./actions/cancelWithdrawal.ts";
import { claimVoucher } from "./actions/claimVoucher.ts";
import { claimVouchers } from "./actions/claimVouchers.ts";
import { completeWithdrawal } from "./actions/completeWithdrawal.ts";
import { depositToPool, topUp } from "./actions/depositToPool.ts";
import { getAccount } from "./actions/getAccount.ts";
import { getChannel } from "./actions/getChannel.ts";
import { getClaimable } from "./actions/getClaimable.ts";
import { getWithdrawal } from "./actions/getWithdrawal.ts";
import { planWithdrawal } from "./actions/planWithdrawal.ts";
import { reserve } from "./actions/reserve.ts";

/**
 * Binds the PaymentChannels actions to a client and a pool:
 * `walletClient.extend(paymentsActions({ pool })).depositToPool({ amount })`. Writes need a client
 * with an account (a typed error otherwise). Every write also has its unsent form under `prepare`,
 * and `waitForWrite(hash)` decodes the pool's events.
 */
export function paymentsActions(config: { pool: AnyAddress }) {
  return (client: ReadClient) => {
    const { pool } = config;
    return {
      depositToPool: bindWrite(client, depositToPool, { pool }, "depositToPool"),
      topUp: bindWrite(client, topUp, { pool }, "topUp"),
      reserve: bindWrite(client, reserve, { pool }, "reserve"),
      planWithdrawal: bindWrite(client, planWithdrawal, { pool }, "planWithdrawal"),
      completeWithdrawal: bindWrite(client, completeWithdrawal, { pool }, "completeWithdrawal"),
      cancelWithdrawal: bindWrite(client, cancelWithdrawal, { pool }, "cancelWithdrawal"),
      claimVoucher: bindWrite(client, claimVoucher, {}, "claimVoucher"),
      claimVouchers: bindWrite(client, claimVouchers, {}, "claimVouchers"),
      getAccount: bindAction(client, getAccount, { pool }),
      getChannel: bindAction(client, getChannel, { pool }),
      getWithdrawal: bindAction(client, getWithdrawal, { pool }),
      getClaimable: bindAction(client, getClaimable, {}),
      assertVoucherSolvent: bindAction(client, assertVoucherSolvent, {}),
      waitForWrite: bindWaitForWrite(client, paymentChannelsAbi),
      prepare: {
        depositToPool: bindPrepare(client, depositToPool, { pool }, "depositToPool"),
        topUp: bindPrepare(client, topUp, { pool }, "topUp"),
        reserve: bindPrepare(client, reserve, { pool }, "reserve"),
        planWithdrawal: bindPrepare(client, planWithdrawal, { pool }, "planWithdrawal"),
        completeWithdrawal: bindPrepare(client, completeWithdrawal, { pool }, "completeWithdrawal"),
        cancelWithdrawal: bindPrepare(client, cancelWithdrawal, { pool }, "cancelWithdrawal"),
        claimVoucher: bindPrepare(client, claimVoucher, {}, "claimVoucher"),
        claimVouchers: bindPrepare(client, claimVouchers, {}, "claimVouchers"),
      },
    };
  };
}
