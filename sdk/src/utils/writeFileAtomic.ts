import { dirname, mkdir, open, randomBytes, rename, unlink } from "./nodeBuiltins.ts";

/**
 * Writes `data` to `path` atomically and durably: a temporary file beside it, fsync, rename over
 * the target, fsync the directory (so the rename itself survives a crash). A crash leaves either
 * the old file or the new one, never a torn one. Creates the directory if needed.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temporary, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  const dir = await open(directory, "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
