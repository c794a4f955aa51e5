/**
 * A seeder in its own process, for memory tests and the bench: its RSS is then its own, not
 * blurred by the test's heap. argv: <file>. Sends `{ port, root, size }` over IPC once
 * listening, answers `"measure"` with its memory after a full GC, exits on `"stop"`.
 */
import { FileSource, Seeder } from "../../../../sdk/src/p2p/index.ts";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { pathToFileURL } from "node:url";

// Runs only as a child process: test runners that import every file under test/ load it harmlessly.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined || process.send === undefined)
    throw new Error("usage: node --expose-gc memorySeeder.ts <file> (with an IPC channel)");
  const source = await FileSource.open(path);
  const seeder = await Seeder.start({ account: privateKeyToAccount(generatePrivateKey()), content: source });
  const send = process.send.bind(process);
  send({ port: seeder.port, root: source.commitment.root, size: source.commitment.size.toString() });
  process.on("message", (m: unknown) => {
    if (m === "measure") {
      (globalThis as { gc?: () => void }).gc?.();
      const u = process.memoryUsage();
      send({
        rss: u.rss,
        heap: u.heapUsed,
        external: u.external,
        peers: seeder.peerCount,
        bytesSent: seeder.stats.bytesSent,
        requests: seeder.stats.requests,
        errors: seeder.errors.map((e) => e.message.split("\n")[0]),
      });
    } else if (m === "stop") {
      void seeder
        .close()
        .then(() => source.close())
        .then(() => process.exit(0));
    }
  });
}
