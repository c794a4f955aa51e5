import type { Abi, Hash } from "viem";

import type { PreparedContractWrite, ReadClient, SigningClient } from "./contract.ts";
import { InvalidArgumentError } from "./errors.ts";
import {
  prepareWrite,
  waitForWrite,
  type DecodedEvent,
  type WaitForWriteParameters,
  type WriteReceipt,
} from "./write.ts";

/** An action in viem's shape: `(client, parameters) => result`. */
export type Action<C, P, R> = (client: C, parameters: P) => R;

/**
 * Binds an action to a client and to fixed parameters (contract addresses), as a decorator method
 * does: `bindAction(client, deposit, { pool })({ amount })`.
 */
export function bindAction<C, P, R, const F extends Partial<P>>(client: C, action: Action<C, P, R>, fixed: F) {
  return (parameters: Omit<P, keyof F>): R => action(client, { ...parameters, ...fixed } as P);
}

/** The client as a signing client; a typed error instead of a crash when it has no account. */
export function requireAccount(client: ReadClient, what: string): SigningClient {
  if (client.account === undefined) {
    throw new InvalidArgumentError(`${what} needs a client with an account`, {
      hints: ["Create a wallet client with `account` (a local account or a JSON-RPC address)"],
    });
  }
  return client as SigningClient;
}

/** Binds a write action, checking the client's account at call time (a rejected promise without one). */
export function bindWrite<P, R, const F extends Partial<P>>(
  client: ReadClient,
  action: Action<SigningClient, P, Promise<R>>,
  fixed: F,
  what: string,
) {
  return async (parameters: Omit<P, keyof F>): Promise<R> =>
    action(requireAccount(client, what), { ...parameters, ...fixed } as P);
}

/**
 * Binds the prepare form of a write action (`prepareWrite`): the request of the next transaction
 * the action would send, unsent, for a wallet to sign. `decorator.prepare.stake({ ... })`.
 */
export function bindPrepare<C extends ReadClient, P, const F extends Partial<P>>(
  client: ReadClient,
  action: Action<C, P, Promise<unknown>>,
  fixed: F,
  what: string,
) {
  return async (parameters: Omit<P, keyof F>): Promise<PreparedContractWrite> =>
    prepareWrite(requireAccount(client, what) as unknown as C, action, { ...parameters, ...fixed } as P);
}

/** Binds `waitForWrite` to a domain's ABI: `decorator.waitForWrite(hash)` returns the receipt and its decoded events. */
export function bindWaitForWrite(client: ReadClient, abi: Abi) {
  return async (hash: Hash, options: Omit<WaitForWriteParameters<Abi>, "hash" | "abi"> = {}): Promise<WriteReceipt> => {
    const { receipt, events } = await waitForWrite(client, { ...options, hash, abi });
    return {
      hash,
      receipt,
      events: events.map((event) => ({
        eventName: event.eventName,
        args: event.args as DecodedEvent["args"],
        address: event.address,
        logIndex: event.logIndex,
      })),
    };
  };
}
