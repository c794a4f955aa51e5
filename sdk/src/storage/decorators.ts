import type { ReadClient } from "../contract.ts";
import { bindAction, bindWrite } from "../decorate.ts";
import type { AnyAddress } from "../tron/address.ts";
import { acceptDeal } from "./actions/acceptDeal.ts";
import { buildPeriodProof } from "./actions/buildPeriodProof.ts";
import { cancelDeal } from "./actions/cancelDeal.ts";
import { claim } from "./actions/claim.ts";
import { getCredit } from "./actions/getCredit.ts";
import { getDeal } from "./actions/getDeal.ts";
import { getDealStatus } from "./actions/getDealStatus.ts";
import { getHost } from "./actions/getHost.ts";
import { pokeSeed } from "./actions/pokeSeed.ts";
import { renewDeal } from "./actions/renewDeal.ts";
import { reportMissed } from "./actions/reportMissed.ts";
import { setHost } from "./actions/setHost.ts";
import { submitProofs } from "./actions/submitProofs.ts";

/**
 * Binds the StorageMarket actions to a client and a market:
 * `walletClient.extend(storageActions({ market })).setHost({ capacity, ... })`.
 */
export function storageActions(config: { market: AnyAddress }) {
  return (client: ReadClient) => {
    const { market } = config;
    return {
      acceptDeal: bindWrite(client, acceptDeal, { market }, "acceptDeal"),
      renewDeal: bindWrite(client, renewDeal, { market }, "renewDeal"),
      cancelDeal: bindWrite(client, cancelDeal, { market }, "cancelDeal"),
      reportMissed: bindWrite(client, reportMissed, { market }, "reportMissed"),
      claim: bindWrite(client, claim, { market }, "claim"),
      pokeSeed: bindWrite(client, pokeSeed, { market }, "pokeSeed"),
      setHost: bindWrite(client, setHost, { market }, "setHost"),
      submitProofs: bindWrite(client, submitProofs, { market }, "submitProofs"),
      getDeal: bindAction(client, getDeal, { market }),
      getDealStatus: bindAction(client, getDealStatus, { market }),
      getHost: bindAction(client, getHost, { market }),
      getCredit: bindAction(client, getCredit, { market }),
      buildPeriodProof: bindAction(client, buildPeriodProof, { market }),
    };
  };
}
