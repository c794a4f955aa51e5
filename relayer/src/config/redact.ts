/**
 * What may be logged of the config: secrets (tokens, passwords, keys) are replaced, RPC URLs keep
 * only their origin (providers put API keys in paths and query strings), bulky values are dropped.
 */
const SECRET_FIELD = /(privatekey|apikey|token|password|secret|mnemonic)$/i;
const URL_FIELD = /(url|fullhost)$/i;

export const REDACTED = "[redacted]";

export function redactConfig(value: unknown, field = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => redactConfig(item, field));
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactConfig(item, key)]));
  }
  if (typeof value === "string" && SECRET_FIELD.test(field)) return REDACTED;
  if (typeof value === "string" && URL_FIELD.test(field)) return redactUrl(value);
  return value;
}

/** `https://user:pw@host/v3/KEY?x=1` becomes `https://host/…`. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    const hidden = url.pathname.length > 1 || url.search.length > 0 || url.username.length > 0;
    return `${url.protocol}//${url.host}${hidden ? "/…" : ""}`;
  } catch {
    return REDACTED;
  }
}
