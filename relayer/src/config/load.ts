/**
 * Reads the config once: the JSON file, then `BTT_RELAYER_*` environment overrides, then the zod
 * schema. Any problem is one `ConfigError` listing every bad field, so the operator fixes the file
 * in one go. Overrides name a path with `__` between segments, in SCREAMING_SNAKE case:
 * `BTT_RELAYER_SEND_TRANSACTIONS=true`, `BTT_RELAYER_CHAINS__BTTC__RPC_URL=http://...`,
 * `BTT_RELAYER_HTTP__AUTH_TOKEN=...`. Keys (`BTT_RELAYER_KEY_*`, `BTT_RELAYER_KEYSTORE_PASSWORD_*`)
 * are secrets read by `keys.ts`, never merged into the config.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

import type { z } from "zod";

import { ConfigError } from "../errors.ts";
import { configSchema, type RelayerConfig } from "./schema.ts";

export const ENV_PREFIX = "BTT_RELAYER_";
const SECRET_ENV = /^BTT_RELAYER_(KEY_|KEYSTORE_PASSWORD_)/;

export interface LoadedConfig {
  readonly config: RelayerConfig;
  /** Absolute path of the config file; relative paths inside it are resolved against its folder. */
  readonly file: string;
  readonly dir: string;
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`cannot read the config file ${path}`, {
      cause: error,
      hints: ["Pass an existing JSON file with --config <file>."],
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`the config file ${path} is not valid JSON`, { cause: error });
  }
  const variables = new Map<string, string>();
  return {
    config: parseConfig(applyEnvOverrides(raw, env, variables), path, variables),
    file: path,
    dir: dirname(path),
  };
}

/**
 * Validates an already-read config object (file contents with overrides applied). `variables`
 * (config path -> environment variable) makes a problem in an overridden field name its variable.
 */
export function parseConfig(
  raw: unknown,
  source = "config",
  variables: ReadonlyMap<string, string> = new Map(),
): RelayerConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = formatIssues(result.error.issues).map((problem, i) => {
    const path = result.error.issues[i]!.path.map(String);
    for (let n = path.length; n > 0; n--) {
      const variable = variables.get(path.slice(0, n).join("."));
      if (variable !== undefined) return `${problem} (set by the environment variable ${variable})`;
    }
    return problem;
  });
  throw new ConfigError(`invalid relayer configuration in ${source}`, {
    details: { problems },
    hints: [
      "Fix the listed fields (in the file, or the named environment variables); see relayer/README or `btt-relayer --help` for the schema.",
    ],
  });
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`);
}

/** Returns a copy of `raw` with every non-secret `BTT_RELAYER_*` variable written at its path. */
export function applyEnvOverrides(raw: unknown, env: NodeJS.ProcessEnv, variables?: Map<string, string>): unknown {
  const root: Record<string, unknown> = isObject(raw) ? structuredClone(raw) : {};
  for (const [variable, value] of Object.entries(env).sort(([a], [b]) => a.localeCompare(b))) {
    if (!variable.startsWith(ENV_PREFIX) || SECRET_ENV.test(variable) || value === undefined) continue;
    const path = variable.slice(ENV_PREFIX.length).split("__").map(camelCase);
    if (path.some((segment) => segment.length === 0)) continue;
    let node = root;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      if (!isObject(next)) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    }
    node[path[path.length - 1] as string] = parseEnvValue(value);
    variables?.set(path.join("."), variable);
  }
  return root;
}

function camelCase(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_match, c: string) => c.toUpperCase());
}

function parseEnvValue(value: string): unknown {
  if (value === "true" || value === "false") return value === "true";
  if (/^\d{1,15}$/.test(value)) return Number(value);
  if (/^[[{]/.test(value.trim())) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
