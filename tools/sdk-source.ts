/**
 * In-repo runs use the SDK's TypeScript sources, not its build: `@btt-network/sdk/<subpath>`
 * resolves through the SDK's `btt-source` export condition to `sdk/src/<subpath>/index.ts` (the
 * workspace link resolves to `sdk/` by realpath, outside node_modules, so Node strips the types).
 * Published consumers never set the condition and get `dist/`.
 *
 * Node only applies `--conditions=btt-source` when it is given at start-up, because static imports
 * are resolved before any code runs. Processes that load code after start-up (Hardhat loads its
 * config, then tests, scripts and benches; `relayer/bin` imports the CLI) import this module first:
 * it adds the condition to every later resolution in this process, and to NODE_OPTIONS so that
 * child processes (relayers, deploy scripts a test spawns) inherit it. Plain `node file.ts` entry
 * points take `--conditions=btt-source` on their command line (npm scripts do).
 */
import { registerHooks } from "node:module";

export const SDK_SOURCE_CONDITION = "btt-source";

const flag = `--conditions=${SDK_SOURCE_CONDITION}`;

if (!process.execArgv.includes(flag) && !(process.env.NODE_OPTIONS ?? "").split(/\s+/).includes(flag)) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const conditions = context.conditions ?? [];
      return nextResolve(
        specifier,
        conditions.includes(SDK_SOURCE_CONDITION)
          ? context
          : { ...context, conditions: [...conditions, SDK_SOURCE_CONDITION] },
      );
    },
  });
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} ${flag}`.trim();
}
