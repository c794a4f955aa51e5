/**
 * Start-up checks against the configured chains, each failing with a clear `ChainCheckError`:
 * the RPC answers, it serves the chain the config names, and every contract a duty needs has
 * code at its address.
 */
import { parseAbi, type Address, type PublicClient } from "viem";
import { readContract } from "viem/actions";

import { ChainCheckError } from "../errors.ts";
import type { ChainSender } from "../tx/types.ts";
import { shortError } from "../tx/classify.ts";
import { redactUrl } from "../config/redact.ts";

/** A node that accepts connections but never answers is reported after this long at start-up. */
export const START_CHECK_TIMEOUT_MS = 5_000;

export async function checkChain(
  sender: ChainSender,
  rpcUrl: string,
  timeoutMs = START_CHECK_TIMEOUT_MS,
): Promise<void> {
  let chainId: number;
  let timer: NodeJS.Timeout | undefined;
  try {
    chainId = await Promise.race([
      sender.chainIdOnNode(),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new ChainCheckError(`chain '${sender.chain}': the RPC endpoint does not answer`, {
      details: { rpc: redactUrl(rpcUrl), error: shortError(error) },
      hints: ["Check chains.<name>.rpcUrl and that the node is running and reachable from here."],
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
  if (chainId !== sender.chainId)
    throw new ChainCheckError(
      `chain '${sender.chain}': the RPC endpoint serves chain id ${chainId}, not ${sender.chainId}`,
      {
        details: { rpc: redactUrl(rpcUrl) },
        hints: ["Point the chain at the right node, or fix chains.<name>.chainId."],
      },
    );
}

export async function checkContract(sender: ChainSender, what: string, address: Address): Promise<void> {
  const code = await sender.codeAt(address);
  if (code === undefined)
    throw new ChainCheckError(`${what}: no contract code at ${address} on chain '${sender.chain}'`, {
      hints: ["Check the address in the config (and the deployment manifest) against the chain it is configured for."],
    });
}

/**
 * A view each kind of contract answers and the others do not, by the last segment of the config
 * field naming it (`token`, `market`, `...inbox`, `...outbox`, `...validatorSet`, `...stakeManager`).
 */
const probes: Record<string, { readonly kind: string; readonly signature: string; readonly args: readonly unknown[] }> =
  {
    token: { kind: "an ERC-20 token", signature: "function totalSupply() view returns (uint256)", args: [] },
    market: { kind: "a StorageMarket", signature: "function MAX_SETTLE() view returns (uint256)", args: [] },
    inbox: {
      kind: "an Inbox",
      signature: "function sourceState(uint256) view returns (uint256, uint256, uint256)",
      args: [0n],
    },
    outbox: { kind: "an Outbox", signature: "function MAX_PAYLOAD() view returns (uint256)", args: [] },
    validatorSet: { kind: "a ValidatorSet", signature: "function MAX_SET_SIZE() view returns (uint256)", args: [] },
    stakeManager: { kind: "a StakeManager", signature: "function MAX_VALIDATORS() view returns (uint256)", args: [] },
  };

/**
 * Checks that the contract at `address` is the kind `what` (a config field) names: an Outbox given
 * as an Inbox, a token given as a market, fails start-up here rather than every run later. Fields
 * without a probe pass.
 */
export async function checkContractKind(
  client: PublicClient,
  chain: string,
  what: string,
  address: Address,
): Promise<void> {
  const probe = probes[what.split(".").pop() ?? ""];
  if (probe === undefined) return;
  const abi = parseAbi([probe.signature]) as readonly unknown[];
  try {
    await readContract(client, {
      address,
      abi: abi as never,
      functionName: probe.signature.split(/[ (]/)[1] as never,
      args: probe.args as never,
    });
  } catch (error) {
    throw new ChainCheckError(`${what}: the contract at ${address} on chain '${chain}' is not ${probe.kind}`, {
      details: { probe: probe.signature, error: shortError(error) },
      hints: ["Check the address in the config (and the deployment manifest): each field names one kind of contract."],
      cause: error,
    });
  }
}
