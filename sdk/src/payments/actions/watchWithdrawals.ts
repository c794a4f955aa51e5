import type { Address, Hash, WatchContractEventReturnType } from "viem";
import { watchContractEvent } from "viem/actions";

import { paymentChannelsAbi } from "../abi.ts";
import type { ReadClient, SigningClient } from "../client.ts";
import type { VoucherStore } from "../store.ts";
import { claimStoredVouchers } from "./claimStoredVouchers.ts";

export interface PlannedWithdrawal {
  readonly payer: Address;
  readonly token: Address;
  readonly amount: bigint;
  /** Unix time after which the payer can complete it; vouchers of `generation` die then. */
  readonly unlockAt: bigint;
  readonly generation: bigint;
  readonly blockNumber: bigint | null;
}

export interface WatchWithdrawalsParameters {
  readonly pool: Address;
  /** Only these payers (default: all). */
  readonly payers?: readonly Address[];
  readonly onPlanned: (withdrawal: PlannedWithdrawal) => void;
  readonly onError?: (error: Error) => void;
  /** Poll with eth_getLogs at this interval (ms) instead of a subscription. */
  readonly pollingInterval?: number;
}
export type WatchWithdrawalsReturnType = WatchContractEventReturnType;

/** Calls `onPlanned` for every `WithdrawalPlanned` event of the pool; returns the unwatch function. */
export function watchWithdrawals(
  client: ReadClient,
  parameters: WatchWithdrawalsParameters,
): WatchWithdrawalsReturnType {
  return watchContractEvent(client, {
    address: parameters.pool,
    abi: paymentChannelsAbi,
    eventName: "WithdrawalPlanned",
    ...(parameters.payers === undefined ? {} : { args: { payer: [...parameters.payers] } }),
    ...(parameters.pollingInterval === undefined ? {} : { poll: true, pollingInterval: parameters.pollingInterval }),
    ...(parameters.onError === undefined ? {} : { onError: parameters.onError }),
    onLogs: (logs) => {
      for (const log of logs) {
        const { payer, token, amount, unlockAt, generation } = log.args;
        if (
          payer === undefined ||
          token === undefined ||
          amount === undefined ||
          unlockAt === undefined ||
          generation === undefined
        ) {
          continue;
        }
        parameters.onPlanned({ payer, token, amount, unlockAt, generation, blockNumber: log.blockNumber });
      }
    },
  });
}

export interface ClaimBeforeWithdrawalsParameters {
  readonly pool: Address;
  /** The payee whose vouchers the store holds. */
  readonly payee: Address;
  readonly store: VoucherStore;
  readonly onClaimed?: (withdrawal: PlannedWithdrawal, hash: Hash | undefined) => void;
  readonly onError?: (error: unknown, withdrawal?: PlannedWithdrawal) => void;
  readonly pollingInterval?: number;
}

/**
 * Payee-side guard: when a payer whose voucher is in `store` plans a withdrawal, claims that
 * voucher at once (long before the delay ends). Returns the unwatch function.
 */
export function claimBeforeWithdrawals(
  client: SigningClient,
  parameters: ClaimBeforeWithdrawalsParameters,
): WatchWithdrawalsReturnType {
  const { pool, payee, store } = parameters;
  return watchWithdrawals(client, {
    pool,
    ...(parameters.pollingInterval === undefined ? {} : { pollingInterval: parameters.pollingInterval }),
    ...(parameters.onError === undefined ? {} : { onError: parameters.onError }),
    onPlanned: (withdrawal) => {
      claimStoredVouchers(client, { pool, payee, store, payers: [withdrawal.payer], token: withdrawal.token })
        .then((hashes) => parameters.onClaimed?.(withdrawal, hashes[0]))
        .catch((error: unknown) => parameters.onError?.(error, withdrawal));
    },
  });
}
