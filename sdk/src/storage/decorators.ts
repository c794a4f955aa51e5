import type { ReadClient } from "../contract.ts";
import { bindAction, bindPrepare, bindWaitForWrite, bindWrite } from "../decorate.ts";
import type { AnyAddress } from "../tron/address.ts";
import { storageMarketAbi } from "./abi.ts";
import { acceptDeal } from "./actions/acceptDeal.ts";
import { approveMarket, getMarketToken } from "./actions/approveMarket.ts";
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
 * `walletClient.extend(storageActions({ market })).setHost({ capacity, ... })`. Every write also has
 * its unsent form under `prepare` and `waitForWrite(hash)` decodes the market's events.
 */
export function storageActions(config: { market: AnyAddress }) {
  return (client: ReadClient) => {
    const { market } = config;
    return {
      approveMarket: bindWrite(client, approveMarket, { market }, "approveMarket"),
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
      getMarketToken: bindAction(client, getMarketToken, { market }),
      buildPeriodProof: bindAction(client, buildPeriodProof, { market }),
      waitForWrite: bindWaitForWrite(client, storageMarketAbi),
      prepare: {
        approveMarket: bindPrepare(client, approveMarket, { market }, "approveMarket"),
        acceptDeal: bindPrepare(client, acceptDeal, { market }, "acceptDeal"),
        renewDeal: bindPrepare(client, renewDeal, { market }, "renewDeal"),
        cancelDeal: bindPrepare(client, cancelDeal, { market }, "cancelDeal"),
        reportMissed: bindPrepare(client, reportMissed, { market }, "reportMissed"),
        claim: bindPrepare(client, claim, { market }, "claim"),
        pokeSeed: bindPrepare(client, pokeSeed, { market }, "pokeSeed"),
        setHost: bindPrepare(client, setHost, { market }, "setHost"),
        submitProofs: bindPrepare(client, submitProofs, { market }, "submitProofs"),
      },
    };
  };
}
