import type { Abi, Account, Address, Chain, Client, Hash, Transport } from "viem";
import { simulateContract, writeContract } from "viem/actions";

import { erc20ErrorsAbi } from "../token/abi.ts";
import { toStakingError } from "./errors.ts";

/** Any viem client: a public client for reads, a wallet client (with an account) for writes. */
export type StakingClient = Client<Transport, Chain | undefined, Account | undefined>;

/** Options shared by every write action. */
export interface WriteOptions {
  /** Sender; defaults to the client's account. */
  account?: Account | Address;
}

/**
 * Simulates then sends a staking call, so that a revert surfaces as the SDK error for its custom
 * error (see `stakingErrorTable`) before anything is signed. Never retries.
 */
export async function sendContract(
  client: StakingClient,
  call: { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; account?: Account | Address },
): Promise<Hash> {
  try {
    const { request } = await simulateContract(client, {
      ...call,
      // Token errors bubble up through stake/delegate/fundRewards: decode them too.
      abi: [...call.abi, ...erc20ErrorsAbi],
      account: call.account ?? client.account,
      chain: client.chain,
    } as never);
    return await writeContract(client, request as never);
  } catch (error) {
    throw toStakingError(error);
  }
}
