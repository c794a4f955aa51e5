/**
 * Where a submitter gets signatures: this relayer's own signer (in-process) and peer relayers'
 * signature APIs. A source answers with any list; the submitter verifies every entry.
 */
import type { Checkpoint, ValidatorSetRotation } from "@btt-network/sdk/messages";
import { toJson } from "../consensus/codec.ts";
import type { Signer } from "../duties/signer/Signer.ts";

export interface RawSignature {
  readonly signer: unknown;
  readonly signature: unknown;
}

export interface SignatureSource {
  /** For logs and metrics: "self" or the peer's origin. */
  readonly name: string;
  checkpoint(checkpoint: Checkpoint): Promise<readonly RawSignature[]>;
  rotation(rotation: ValidatorSetRotation): Promise<readonly RawSignature[]>;
}

export function localSource(signer: Signer): SignatureSource {
  return { name: "self", checkpoint: (c) => signer.signCheckpoint(c), rotation: (r) => signer.signRotation(r) };
}

/** A peer refused or failed; `status` is the HTTP status (0 when it did not answer). */
export class PeerError extends Error {
  override name = "PeerError";
  readonly status: number;
  readonly reason: string | undefined;
  constructor(message: string, status: number, reason?: string) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

export function peerSource(options: { url: string; token: string | undefined; timeoutMs: number }): SignatureSource {
  const origin = new URL(options.url).origin;
  const post = async (path: string, body: unknown): Promise<readonly RawSignature[]> => {
    let response: Response;
    try {
      response = await fetch(new URL(path, options.url), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new PeerError(
        `peer ${origin} did not answer: ${error instanceof Error ? error.message : String(error)}`,
        0,
      );
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new PeerError(`peer ${origin} answered ${response.status} with something other than JSON`, response.status);
    }
    const object = (typeof json === "object" && json !== null ? json : {}) as {
      signatures?: unknown;
      error?: unknown;
      reason?: unknown;
    };
    if (!response.ok)
      throw new PeerError(
        `peer ${origin} answered ${response.status}: ${String(object.error ?? "")}`,
        response.status,
        typeof object.reason === "string" ? object.reason : undefined,
      );
    if (!Array.isArray(object.signatures))
      throw new PeerError(`peer ${origin} answered without a signatures list`, response.status);
    return object.signatures.slice(0, 256) as RawSignature[];
  };
  return {
    name: origin,
    checkpoint: (checkpoint) => post("/v1/sign/checkpoint", { checkpoint: toJson(checkpoint) }),
    rotation: (rotation) => post("/v1/sign/rotation", { rotation: toJson(rotation) }),
  };
}
