import type { ReadClient } from "../contract.ts";
import type { Client } from "viem";

import { bindAction, bindPrepare, bindWaitForWrite, bindWrite } from "../decorate.ts";
import type { SigningClient } from "../contract.ts";
import { childBridgeAbi, inboxAbi, outboxAbi, rootBridgeAbi } from "./abi.ts";
import type { AnyAddress } from "../tron/address.ts";
import { deposit } from "./actions/deposit.ts";
import { executeMessage } from "./actions/executeMessage.ts";
import { exit, type ExitParameters } from "./actions/exit.ts";
import { fillWithdrawal } from "./actions/fillWithdrawal.ts";
import { getMessageFromTransaction } from "./actions/getMessageFromTransaction.ts";
import { getMessageStatus } from "./actions/getMessageStatus.ts";
import { submitCheckpoint } from "./actions/submitCheckpoint.ts";
import { waitForMessageStatus } from "./actions/waitForMessageStatus.ts";
import { withdraw } from "./actions/withdraw.ts";

/**
 * Binds the bridge actions to a client and its chain's contracts (from the manifest):
 * `rootWallet.extend(bridgeActions({ rootBridge, inbox, outbox })).deposit({ token, amount })`.
 * Actions whose contract is not given are absent. Every write also has its unsent form under
 * `prepare` (the next transaction it would send: an approval first when the allowance is short), and
 * `waitForWrite(hash)` decodes the bridge's, Inbox's and Outbox's events.
 */
export function bridgeActions(config: {
  rootBridge?: AnyAddress;
  childBridge?: AnyAddress;
  inbox: AnyAddress;
  outbox: AnyAddress;
}) {
  return (client: ReadClient) => {
    const { rootBridge, childBridge, inbox, outbox } = config;
    const rootWrites =
      rootBridge === undefined
        ? {}
        : {
            deposit: bindWrite(client, deposit, { rootBridge }, "deposit"),
            fillWithdrawal: bindWrite(client, fillWithdrawal, { rootBridge }, "fillWithdrawal"),
          };
    const rootPrepares =
      rootBridge === undefined
        ? {}
        : {
            deposit: bindPrepare(client, deposit, { rootBridge }, "deposit"),
            fillWithdrawal: bindPrepare(client, fillWithdrawal, { rootBridge }, "fillWithdrawal"),
          };
    return {
      ...rootWrites,
      ...(childBridge === undefined ? {} : { withdraw: bindWrite(client, withdraw, { childBridge }, "withdraw") }),
      executeMessage: bindWrite(client, executeMessage, { inbox }, "executeMessage"),
      submitCheckpoint: bindWrite(client, submitCheckpoint, { inbox }, "submitCheckpoint"),
      exit: bindWrite(client, exitWith, { inbox }, "exit"),
      getMessageStatus: bindAction(client, getMessageStatus, { inbox }),
      waitForMessageStatus: bindAction(client, waitForMessageStatus, { inbox }),
      getMessageFromTransaction: bindAction(client, getMessageFromTransaction, { outbox }),
      waitForWrite: bindWaitForWrite(client, bridgeEventsAbi),
      prepare: {
        ...rootPrepares,
        ...(childBridge === undefined ? {} : { withdraw: bindPrepare(client, withdraw, { childBridge }, "withdraw") }),
        executeMessage: bindPrepare(client, executeMessage, { inbox }, "executeMessage"),
        submitCheckpoint: bindPrepare(client, submitCheckpoint, { inbox }, "submitCheckpoint"),
        exit: bindPrepare(client, exitWith, { inbox }, "exit"),
      },
    };
  };
}

/** `exit` in the `(client, parameters)` form, with the BTTC client among the parameters. */
function exitWith(client: SigningClient, parameters: ExitParameters & { childClient: Client }) {
  return exit(client, parameters);
}

/** Every event a bridge transaction can emit on either side. */
const bridgeEventsAbi = [
  ...rootBridgeAbi.filter((item) => item.type === "event"),
  ...childBridgeAbi.filter((item) => item.type === "event"),
  ...inboxAbi.filter((item) => item.type === "event"),
  ...outboxAbi.filter((item) => item.type === "event"),
];
