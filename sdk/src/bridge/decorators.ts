import type { ReadClient } from "../contract.ts";
import { bindAction, bindWrite } from "../decorate.ts";
import type { AnyAddress } from "../tron/address.ts";
import { deposit } from "./actions/deposit.ts";
import { executeMessage } from "./actions/executeMessage.ts";
import { getMessageFromTransaction } from "./actions/getMessageFromTransaction.ts";
import { getMessageStatus } from "./actions/getMessageStatus.ts";
import { submitCheckpoint } from "./actions/submitCheckpoint.ts";
import { waitForMessageStatus } from "./actions/waitForMessageStatus.ts";
import { withdraw } from "./actions/withdraw.ts";

/**
 * Binds the bridge actions to a client and its chain's contracts (from the manifest):
 * `rootWallet.extend(bridgeActions({ rootBridge, inbox, outbox })).deposit({ token, amount })`.
 * Actions whose contract is not given are absent.
 */
export function bridgeActions(config: {
  rootBridge?: AnyAddress;
  childBridge?: AnyAddress;
  inbox: AnyAddress;
  outbox: AnyAddress;
}) {
  return (client: ReadClient) => {
    const { rootBridge, childBridge, inbox, outbox } = config;
    return {
      ...(rootBridge === undefined ? {} : { deposit: bindWrite(client, deposit, { rootBridge }, "deposit") }),
      ...(childBridge === undefined ? {} : { withdraw: bindWrite(client, withdraw, { childBridge }, "withdraw") }),
      executeMessage: bindWrite(client, executeMessage, { inbox }, "executeMessage"),
      submitCheckpoint: bindWrite(client, submitCheckpoint, { inbox }, "submitCheckpoint"),
      getMessageStatus: bindAction(client, getMessageStatus, { inbox }),
      waitForMessageStatus: bindAction(client, waitForMessageStatus, { inbox }),
      getMessageFromTransaction: bindAction(client, getMessageFromTransaction, { outbox }),
    };
  };
}
