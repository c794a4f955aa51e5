import { BttError } from "../errors.ts";

/**
 * Node built-ins, loaded on first use through `process.getBuiltinModule` (Node >= 20.16) instead of
 * static `node:` imports, so that every browser entry of the SDK bundles with no Node built-in
 * (test/sdk/browser.test.ts). The file-system parts (`commitFile`, `prepare`, `restore`,
 * `FileVoucherStore`, ...) throw `NodeOnlyError` in a browser; everything else runs there unchanged.
 */
type Builtins = {
  "node:fs": typeof import("node:fs");
  "node:fs/promises": typeof import("node:fs/promises");
  "node:path": typeof import("node:path");
  "node:crypto": typeof import("node:crypto");
  "node:module": typeof import("node:module");
};

/** A Node-only function (files, native hashing) was called outside Node.js. */
export class NodeOnlyError extends BttError {
  override name = "NodeOnlyError";
}

type GetBuiltinModule = (id: string) => unknown;

function getBuiltinModule(): GetBuiltinModule | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: GetBuiltinModule } }).process;
  return typeof proc?.getBuiltinModule === "function" ? proc.getBuiltinModule.bind(proc) : undefined;
}

/** The Node built-in `id`, or undefined outside Node.js. */
export function tryNodeBuiltin<id extends keyof Builtins>(id: id): Builtins[id] | undefined {
  return getBuiltinModule()?.(id) as Builtins[id] | undefined;
}

/** The Node built-in `id`; `NodeOnlyError` naming `feature` outside Node.js. */
export function nodeBuiltin<id extends keyof Builtins>(id: id, feature: string): Builtins[id] {
  const loaded = tryNodeBuiltin(id);
  if (loaded === undefined) {
    throw new NodeOnlyError(`${feature} needs Node.js (>= 20.16): it reads or writes files`, {
      details: { feature, builtin: id },
      hints: ["In a browser, pass the bytes in memory (commitBytes, MemoryVoucherStore) instead of a path."],
    });
  }
  return loaded;
}

type Fn = (...args: never[]) => unknown;

/** `module[name]`, loaded on its first call (so a browser bundle holds no Node built-in). */
function lazy<id extends keyof Builtins, name extends keyof Builtins[id]>(id: id, name: name): Builtins[id][name] {
  return ((...args: never[]) =>
    (nodeBuiltin(id, `${String(name)} (${id})`)[name] as Fn)(...args)) as Builtins[id][name];
}

export const createReadStream = lazy("node:fs", "createReadStream");
export const open = lazy("node:fs/promises", "open");
export const readFile = lazy("node:fs/promises", "readFile");
export const writeFile = lazy("node:fs/promises", "writeFile");
export const mkdir = lazy("node:fs/promises", "mkdir");
export const stat = lazy("node:fs/promises", "stat");
export const rename = lazy("node:fs/promises", "rename");
export const rm = lazy("node:fs/promises", "rm");
export const unlink = lazy("node:fs/promises", "unlink");
export const join = lazy("node:path", "join");
export const dirname = lazy("node:path", "dirname");
export const basename = lazy("node:path", "basename");
export const isAbsolute = lazy("node:path", "isAbsolute");
export const randomBytes = lazy("node:crypto", "randomBytes");
export const createCipheriv = lazy("node:crypto", "createCipheriv");
export const createDecipheriv = lazy("node:crypto", "createDecipheriv");
