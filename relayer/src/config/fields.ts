/** Field schemas shared by the config schemas of every concern and every duty. */
import { z } from "zod";

/** A 20-byte hex address (0x-prefixed; checksum not required, case kept). */
export const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, { error: "expected a 0x-prefixed 20-byte hex address" })
  .transform((value) => value as `0x${string}`);

/** An unsigned integer amount (wei, sun, token units) as a decimal string or a safe integer. */
export const uint = z
  .union([
    z.string().regex(/^\d+$/, { error: "expected a decimal integer string" }),
    z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform((value) => BigInt(value));

/** An RPC endpoint: http(s) or ws(s). */
export const rpcUrl = z.url({ protocol: /^(https?|wss?)$/, error: "expected an http(s):// or ws(s):// URL" });

export const positiveInt = z.number().int().positive();

/** A name used as a key in the config (chain, key, duty): letters, digits, '-' and '_'. */
export const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, { error: "expected a name like 'bttc' or 'payer'" });
