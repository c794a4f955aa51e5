/**
 * Start-up checks against the configured chains, each failing with a clear `ChainCheckError`:
 * the RPC answers, it serves the chain the config names, and every contract a duty needs has
 * code at its address.
 */
import type { Address } from "viem";

import { ChainCheckError } from "../errors.ts";
import type { ChainSender } from "../tx/types.ts";
import { shortError } from "../tx/classify.ts";
import { redactUrl } from "../config/redact.ts";

export async function checkChain(sender: ChainSender, rpcUrl: string): Promise<void> {
  let chainId: number;
  try {
    chainId = await sender.chainIdOnNode();
  } catch (error) {
    throw new ChainCheckError(`chain '${sender.chain}': the RPC endpoint does not answer`, {
      details: { rpc: redactUrl(rpcUrl), error: shortError(error) },
      hints: ["Check chains.<name>.rpcUrl and that the node is running and reachable from here."],
      cause: error,
    });
  }
  if (chainId !== sender.chainId)
    throw new ChainCheckError(`chain '${sender.chain}': the RPC endpoint serves chain id ${chainId}, not ${sender.chainId}`, {
      details: { rpc: redactUrl(rpcUrl) },
      hints: ["Point the chain at the right node, or fix chains.<name>.chainId."],
    });
}

export async function checkContract(sender: ChainSender, what: string, address: Address): Promise<void> {
  const code = await sender.codeAt(address);
  if (code === undefined)
    throw new ChainCheckError(`${what}: no contract code at ${address} on chain '${sender.chain}'`, {
      hints: ["Check the address in the config (and the deployment manifest) against the chain it is configured for."],
    });
}
