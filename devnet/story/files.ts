/** A scratch directory for the story's files (tmpfs when there is one), removed afterwards. */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function scratchDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const base = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
  const dir = await mkdtemp(join(base, "btt-story-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
