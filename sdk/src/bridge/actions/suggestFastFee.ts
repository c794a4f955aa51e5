import { getAbiItem, type Client } from "viem";
import { getBlockNumber, getLogs } from "viem/actions";

import { InvalidArgumentError } from "../../errors.ts";
import { rootBridgeAbi } from "../abi.ts";
import { toEvmAddress } from "../../tron/index.ts";
import type { AnyAddress } from "../types.ts";

const filled = getAbiItem({ abi: rootBridgeAbi, name: "Filled" });

export interface SuggestFastFeeParameters {
  /** RootBridge on the client's chain (the withdrawal's destination). */
  rootBridge: AnyAddress;
  /** The withdrawal's amount (the suggestion scales with it). */
  amount: bigint;
  /** Token of the withdrawal on the root chain: only its fills count. */
  rootToken: AnyAddress;
  /** How many recent blocks to read fills from. Default 10,000. */
  lookbackBlocks?: bigint;
}

export interface FastFeeSuggestion {
  /** The suggested `fast.maxFee` for `amount` (the 75th percentile rate of recent fills, rounded up). */
  maxFee: bigint;
  /** That rate, in millionths of the amount. */
  ratePpm: bigint;
  /** How many fills it is based on (0: no recent fills, `maxFee` is 0 and a fast exit is unlikely). */
  fills: number;
}

/**
 * Suggests a fast-exit fee from the fills of the last `lookbackBlocks` blocks on the root chain:
 * the rate (fast fee / amount) that three quarters of recent fills accepted, applied to `amount`.
 */
export async function suggestFastFee(client: Client, parameters: SuggestFastFeeParameters): Promise<FastFeeSuggestion> {
  if (typeof parameters.amount !== "bigint" || parameters.amount <= 0n) {
    throw new InvalidArgumentError("amount must be a positive bigint", { details: { amount: parameters.amount } });
  }
  const address = toEvmAddress(parameters.rootBridge);
  const token = toEvmAddress(parameters.rootToken).toLowerCase();
  const latest = await getBlockNumber(client);
  const lookback = parameters.lookbackBlocks ?? 10_000n;
  const fromBlock = latest > lookback ? latest - lookback : 0n;
  const logs = await getLogs(client, { address, event: filled, fromBlock, toBlock: latest, strict: true });
  const rates = logs
    .filter((log) => log.args.rootToken.toLowerCase() === token && log.args.amount > 0n)
    .map((log) => (log.args.fastFee * 1_000_000n + log.args.amount - 1n) / log.args.amount)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (rates.length === 0) return { maxFee: 0n, ratePpm: 0n, fills: 0 };
  const ratePpm = rates[Math.min(rates.length - 1, Math.floor((rates.length * 3) / 4))]!;
  return { maxFee: (parameters.amount * ratePpm + 999_999n) / 1_000_000n, ratePpm, fills: rates.length };
}
