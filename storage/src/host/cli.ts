/**
 * `btt-host start --config host.json`: runs the daemon until SIGINT/SIGTERM (key in BTT_HOST_KEY).
 * `btt-host status --config host.json [--json]`: what the host holds and earned (reads its store).
 */
import { join } from "node:path";
import { parseArgs } from "node:util";

import { describeError } from "../shared/errors.ts";
import { toJson } from "../shared/json.ts";
import { loadHostConfig, readHostConfigFile } from "./config.ts";
import { HostDaemon } from "./daemon.ts";
import { hostStatus } from "./status.ts";

const usage = `usage: btt-host start --config <host.json>     (BTT_HOST_KEY=0x... in the environment)
       btt-host status --config <host.json> [--json]`;

export async function main(argv: readonly string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { config: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean" } },
  });
  const command = positionals[0];
  if (values.help || command === undefined || values.config === undefined) {
    process.stderr.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  try {
    if (command === "status") {
      const status = hostStatus(join(readHostConfigFile(values.config).dataDir, "host.db"));
      if (values.json) process.stdout.write(`${toJson(status)}\n`);
      else {
        process.stdout.write(
          [
            `deals: ${
              Object.entries(status.deals)
                .map(([k, v]) => `${v} ${k}`)
                .join(", ") || "none"
            }`,
            `bytes stored: ${status.bytesStored}`,
            `periods: ${status.periods.proven} proven, ${status.periods.missed} missed, ${status.periods.rejected} rejected, ${status.periods.pending} pending`,
            `earnings claimed: ${status.claimed} from storage, ${status.servingClaimed} from serving`,
          ].join("\n") + "\n",
        );
      }
      return 0;
    }
    if (command !== "start") {
      process.stderr.write(`unknown command ${command}\n${usage}\n`);
      return 2;
    }
    // SIGHUP re-reads the terms; one received while starting is applied once the daemon runs.
    let daemon: HostDaemon | undefined;
    let hupWhileStarting = false;
    const reload = () => (daemon === undefined ? (hupWhileStarting = true) : void daemon.reload());
    process.on("SIGHUP", reload);
    daemon = await HostDaemon.start(loadHostConfig(values.config));
    if (hupWhileStarting) void daemon.reload();
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    process.off("SIGHUP", reload);
    await daemon.stop();
    return 0;
  } catch (error) {
    process.stderr.write(`btt-host: ${describeError(error)}\n`);
    return 1;
  }
}
