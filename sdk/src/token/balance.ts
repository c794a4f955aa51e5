import { erc20Abi, type Address } from "viem";
import { readContract } from "viem/actions";

import { explainFailure, type ReadClient } from "../contract.ts";
import { InsufficientTokenBalanceError } from "../errors.ts";

/**
 * Checks that `owner` holds at least `amount` of an ERC-20 before anything is signed (so a deposit
 * above the balance does not send and mine an approval first). Throws
 * `InsufficientTokenBalanceError`, or `NoContractError` when `token` has no code on this chain.
 */
export async function assertTokenBalance(
  client: ReadClient,
  parameters: { token: Address; owner: Address; amount: bigint },
): Promise<bigint> {
  const { token, owner, amount } = parameters;
  const balance = await readContract(client, {
    address: token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [owner],
  }).catch(async (error: unknown) => {
    throw await explainFailure(client, token, "balanceOf", error);
  });
  if (balance < amount) {
    throw new InsufficientTokenBalanceError(`${owner} holds ${balance} of token ${token}, needs ${amount}`, {
      details: { token, owner, balance, needed: amount },
      hints: ["Lower the amount or fund the account first; nothing was sent"],
    });
  }
  return balance;
}
