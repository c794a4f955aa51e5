/**
 * The validator signature API, served under /v1/ on the relayer's HTTP server behind a bearer
 * token (`http.authToken`):
 *
 *   POST /v1/sign/checkpoint   { checkpoint }  -> 200 { signatures: [{ signer, signature }] }
 *   POST /v1/sign/rotation     { rotation }    -> 200 { signatures: [...] }
 *   GET  /v1/signatures/<digest>               -> 200 { kind, message, signatures: [...] } | 404
 *
 * 400: malformed request (which field); 401: missing or wrong token; 409: refused, with `reason`
 * (`conflict`: would be a double sign; `mismatch`, `stale`, `not-confirmed`, `no-change`,
 * `unknown-chain`: the proposal is not what this validator's nodes show).
 */
import type { Hex } from "viem";
import { z } from "zod";

import { formatIssues } from "../config/load.ts";
import { checkpointSchema, rotationSchema } from "../consensus/codec.ts";
import { ProposalRefused } from "../consensus/expected.ts";
import { SignatureGuard } from "../duties/signer/guard.ts";
import type { Signer } from "../duties/signer/Signer.ts";
import type { ApiResponse, AuthenticatedApi } from "../observability/http.ts";
import type { Logger } from "../observability/log.ts";

const checkpointRequest = z.strictObject({ checkpoint: checkpointSchema });
const rotationRequest = z.strictObject({ rotation: rotationSchema });

export function signatureApi(signer: Signer, authToken: string | undefined, log: Logger): AuthenticatedApi {
  return {
    prefix: "/v1/",
    authToken,
    async handle(method: string, path: string, body: unknown): Promise<ApiResponse> {
      if (method === "POST" && path === "/v1/sign/checkpoint") {
        const parsed = checkpointRequest.safeParse(body);
        if (!parsed.success) return bad(parsed.error.issues);
        return refusals(log, async () => ({ signatures: await signer.signCheckpoint(parsed.data.checkpoint) }));
      }
      if (method === "POST" && path === "/v1/sign/rotation") {
        const parsed = rotationRequest.safeParse(body);
        if (!parsed.success) return bad(parsed.error.issues);
        return refusals(log, async () => ({ signatures: await signer.signRotation(parsed.data.rotation) }));
      }
      const match = /^\/v1\/signatures\/(0x[0-9a-fA-F]{64})$/.exec(path);
      if (method === "GET" && match !== null) {
        const data = await signer.guard.byDigest(match[1] as Hex);
        if (data === undefined) return { status: 404, body: { error: "no signature stored for this digest" } };
        return { status: 200, body: { kind: data.kind, message: data.message, signatures: SignatureGuard.list(data) } };
      }
      if (method === "GET" && path.startsWith("/v1/signatures/"))
        return { status: 400, body: { error: "the digest must be 32 bytes of 0x-prefixed hex" } };
      return { status: 404, body: { error: `no route ${method} ${path}` } };
    },
  };
}

function bad(issues: readonly z.core.$ZodIssue[]): ApiResponse {
  return { status: 400, body: { error: "invalid request", problems: formatIssues(issues) } };
}

async function refusals(log: Logger, run: () => Promise<unknown>): Promise<ApiResponse> {
  try {
    return { status: 200, body: await run() };
  } catch (error) {
    if (error instanceof ProposalRefused) return { status: 409, body: { error: error.message, reason: error.code } };
    // A node that does not answer, a reorg while reading: the proposer asks again later.
    log.warn(
      { component: "signature-api", err: error instanceof Error ? error.message.split("\n")[0] : String(error) },
      "could not check a proposal",
    );
    return {
      status: 503,
      body: { error: "this validator cannot check the proposal right now", reason: "unavailable" },
    };
  }
}
