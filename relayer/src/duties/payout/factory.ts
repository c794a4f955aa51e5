/** Builds the payout duty from the root config (registry entry `payout`). */
import { resolve } from "node:path";

import type { DutyFactory } from "../context.ts";
import type { Duty } from "../types.ts";
import { PayoutDuty } from "./PayoutDuty.ts";

export const payoutFactory: DutyFactory = {
  create: ({ config, baseDir, store }) => {
    const payout = config.duties.payout;
    if (payout === undefined || !payout.enabled) return undefined;
    return new PayoutDuty(payout, store, resolve(baseDir, payout.requestsFile)) as unknown as Duty<string, unknown>;
  },
  contracts: (config) => {
    const payout = config.duties.payout;
    return payout?.enabled === true
      ? [{ duty: "payout", chain: payout.chain, field: "token", address: payout.token }]
      : [];
  },
};
