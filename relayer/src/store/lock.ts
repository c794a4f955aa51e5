/**
 * One daemon per SQLite store: a `<store>.lock` file created exclusively, holding the owner's pid.
 * A second process on the same store is refused with a message naming the first one; a lock left
 * by a process that no longer exists (kill -9, power loss) is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";

import { StoreLockedError } from "../errors.ts";

export interface StoreLock {
  readonly path: string;
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

export function acquireStoreLock(storePath: string): StoreLock {
  const path = `${storePath}.lock`;
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST")
        throw new StoreLockedError(
          `cannot create the store's lock file ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "its folder does not exist" : (error as Error).message}`,
          {
            cause: error,
            hints: ["store.path is relative to the config file; its folder must exist and be writable by the relayer."],
          },
        );
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(readFileSync(path, "utf8"), 10);
      } catch {
        // removed meanwhile: try again
      }
      if (Number.isInteger(owner) && owner > 0 && alive(owner))
        throw new StoreLockedError(`another relayer (pid ${owner}) is running on the store ${storePath}`, {
          details: { lock: path },
          hints: [
            "Run one relayer per store: stop the other one, or give this one its own store.path.",
            `If no relayer runs on it (pid ${owner} is some other program), delete ${path}.`,
          ],
        });
      if (attempt > 2)
        throw new StoreLockedError(`cannot take the store's lock ${path}`, {
          hints: [`Delete ${path} if no relayer runs on ${storePath}.`],
        });
      try {
        unlinkSync(path); // left by a process that is gone
      } catch {
        // someone else took it over first: the next attempt sees their pid
      }
      continue;
    }
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return {
      path,
      release() {
        try {
          if (readFileSync(path, "utf8") === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      },
    };
  }
}
