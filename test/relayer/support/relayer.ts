/** Starting the relayer in the test process, with its logs captured as parsed JSON lines. */
import { loadConfig } from "../../../relayer/src/config/load.ts";
import { createLogger } from "../../../relayer/src/observability/log.ts";
import { startRelayer, type RelayerHandle } from "../../../relayer/src/Relayer.ts";
import type { TestConfig } from "./fixture.ts";

export interface StartedRelayer extends RelayerHandle {
  readonly logs: Record<string, unknown>[];
  readonly rawLogs: string[];
}

export async function startInProcess(
  config: TestConfig,
  env: NodeJS.ProcessEnv = {},
  level = "debug",
): Promise<StartedRelayer> {
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const log = createLogger(level, {
    write(line: string) {
      rawLogs.push(line);
      logs.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  const allEnv = { ...config.env, ...env };
  const relayer = await startRelayer({
    loaded: loadConfig(config.file, allEnv),
    env: allEnv,
    log,
    processMetrics: false,
  });
  return Object.assign(relayer, { logs, rawLogs });
}

/** The relayer's /health answer; bounded: /health must answer even while the store is locked or a duty fails. */
export async function healthOf(relayer: StartedRelayer): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${relayer.http?.url}/health`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
