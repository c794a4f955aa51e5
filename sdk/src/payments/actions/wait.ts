import type { Abi, Hash } from "viem";
import { waitForTransactionReceipt, writeContract } from "viem/actions";

import { PaymentsError } from "../errors.ts";
import type { PaymentsReadClient, PaymentsWalletClient } from "../client.ts";

/** @internal Sends a call to another contract (e.g. an ERC-20 approval) and waits for success. */
export async function sendAndWait(
  client: PaymentsWalletClient,
  call: { address: `0x${string}`; abi: Abi; functionName: string; args: readonly unknown[] },
): Promise<void> {
  const hash = await writeContract(client, {
    ...call,
    account: client.account,
    chain: client.chain,
  } as Parameters<typeof writeContract>[1]);
  await waitForSuccess(client, hash);
}

/** Waits for a transaction and throws if it reverted. */
export async function waitForSuccess(client: PaymentsReadClient, hash: Hash) {
  const receipt = await waitForTransactionReceipt(client, { hash });
  if (receipt.status !== "success") {
    throw new PaymentsError("Transaction reverted", { details: { hash }, hints: ["Inspect it with a trace"] });
  }
  return receipt;
}
