/**
 * What signs validator messages for one key: the key itself (in this process) or a remote signer
 * holding it, reached over web3signer's ETH1 signing API:
 *
 *   POST <url>/api/v1/eth1/sign/<publicKey>   {"data": "0x1901 || domainSeparator || structHash"}
 *   200 text/plain "0x<r><s><v>"
 *
 * The remote signer signs keccak256(data), which is the message's EIP-712 digest. Whatever signs,
 * the answer is checked before it is stored or returned: 65 bytes, low s, and recovering to the
 * key's configured address (`RemoteSignerError` otherwise). The double-sign guard runs before any
 * signing (guard.ts `reserve`), so a conflicting request never reaches the remote signer.
 */
import {
  concat,
  getTypesForEIP712Domain,
  hashDomain,
  hashStruct,
  keccak256,
  recoverAddress,
  type Address,
  type Hex,
  type TypedDataDomain,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  hashMessage,
  isHighS,
  signMessage,
  typedDataOf,
  type Checkpoint,
  type ValidatorSetRotation,
} from "@btt-network/sdk/messages";
import type { ResolvedKey } from "../../config/keys.ts";
import { RemoteSignerError } from "../../errors.ts";

export type SignedKind = "Checkpoint" | "ValidatorSetRotation";
export type SignedMessage = Checkpoint | ValidatorSetRotation;

export interface MessageSigner {
  readonly address: Address;
  /** Where the key is, for logs: "local" or the remote signer's origin. */
  readonly where: string;
  /** A checked signature of the message's EIP-712 digest (low s, recovering to `address`). */
  sign(kind: SignedKind, message: SignedMessage): Promise<Hex>;
}

/** The largest answer read from a remote signer (a signature is 132 characters). */
const MAX_ANSWER_BYTES = 1_024;

export function messageSignerFor(key: ResolvedKey): MessageSigner {
  if (key.kind === "local") {
    const account = privateKeyToAccount(key.privateKey);
    return {
      address: account.address,
      where: "local",
      sign: async (kind, message) =>
        checked(key.address, "local", kind, message, await signMessage(account, kind, message as never)),
    };
  }
  const { url, publicKey, timeoutMs } = key.remote;
  const origin = new URL(url).origin;
  const endpoint = new URL(`api/v1/eth1/sign/${publicKey}`, url.endsWith("/") ? url : `${url}/`);
  return {
    address: key.address,
    where: origin,
    sign: async (kind, message) => {
      const data = signingData(kind, message);
      const answer = await postBounded(endpoint, JSON.stringify({ data }), timeoutMs, origin);
      return checked(key.address, origin, kind, message, answer.trim() as Hex);
    },
  };
}

/** The bytes whose keccak256 is the EIP-712 digest: 0x1901 || domainSeparator || hashStruct(message). */
export function signingData(kind: SignedKind, message: SignedMessage): Hex {
  const typed = typedDataOf(kind, message as never) as unknown as {
    domain: TypedDataDomain;
    types: Record<string, readonly { name: string; type: string }[]>;
    primaryType: string;
    message: Record<string, unknown>;
  };
  const domainTypes = { EIP712Domain: getTypesForEIP712Domain({ domain: typed.domain }), ...typed.types };
  const domainHash = hashDomain({ domain: typed.domain, types: domainTypes } as Parameters<typeof hashDomain>[0]);
  const structHash = hashStruct({
    data: typed.message,
    primaryType: typed.primaryType,
    types: domainTypes,
  } as Parameters<typeof hashStruct>[0]);
  const data = concat(["0x1901", domainHash, structHash]);
  // The construction is EIP-712's; hold it to the SDK's digest so the two can never drift apart.
  if (keccak256(data) !== hashMessage(kind, message as never))
    throw new Error(`signing data of ${kind} does not hash to its EIP-712 digest`);
  return data;
}

async function checked(
  address: Address,
  where: string,
  kind: SignedKind,
  message: SignedMessage,
  signature: Hex,
): Promise<Hex> {
  if (typeof signature !== "string" || !/^0x[0-9a-fA-F]{130}$/.test(signature))
    throw new RemoteSignerError(
      "malformed",
      `the signer at ${where} answered something other than a 65-byte signature`,
      {
        details: { length: typeof signature === "string" ? signature.length : 0 },
      },
    );
  if (isHighS(signature))
    throw new RemoteSignerError(
      "high-s",
      `the signer at ${where} answered a high-s (malleable) signature; it is refused`,
      {
        hints: ["Contracts reject high-s signatures: fix or replace the remote signer."],
      },
    );
  let recovered: Address;
  try {
    recovered = await recoverAddress({ hash: hashMessage(kind, message as never), signature });
  } catch (error) {
    throw new RemoteSignerError("malformed", `the signer at ${where} answered a signature that recovers to no key`, {
      cause: error,
    });
  }
  if (recovered.toLowerCase() !== address.toLowerCase())
    throw new RemoteSignerError(
      "wrong-key",
      `the signer at ${where} signed with another key than ${address}; the signature is refused`,
      {
        details: { expected: address, recovered },
        hints: ["Check keys.<name>.remote.publicKey and that the remote signer holds this validator's key."],
      },
    );
  return signature;
}

/** POSTs JSON and reads at most MAX_ANSWER_BYTES of the answer, all within timeoutMs. */
async function postBounded(endpoint: URL, body: string, timeoutMs: number, origin: string): Promise<string> {
  const signal = AbortSignal.timeout(timeoutMs);
  const failed = (error: unknown): RemoteSignerError =>
    signal.aborted
      ? new RemoteSignerError("timeout", `the signer at ${origin} did not answer within ${timeoutMs} ms`, {
          hints: ["Check the remote signer; raise keys.<name>.remote.timeoutMs if it is only slow."],
        })
      : new RemoteSignerError(
          "unreachable",
          `the signer at ${origin} cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
  try {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/plain" },
      body,
      signal,
    });
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    while (reader !== undefined) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        await reader.cancel();
        throw new RemoteSignerError(
          "malformed",
          `the signer at ${origin} answered more than ${MAX_ANSWER_BYTES} bytes`,
        );
      }
      chunks.push(value);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    if (!response.ok)
      throw new RemoteSignerError("status", `the signer at ${origin} answered ${response.status}`, {
        details: { status: response.status, body: text.slice(0, 200) },
      });
    return text;
  } catch (error) {
    if (error instanceof RemoteSignerError) throw error;
    throw failed(error);
  }
}
