/**
 * Preloaded into every relayer daemon the devnet starts (`node --import`): when the process that
 * started it is gone (its stdin, our pipe, reaches end of file, even after a `kill -9` of the
 * parent), the relayer shuts down as on SIGTERM (in-flight sends finish, the database closes), and
 * exits regardless after a grace period. No orphan relayer keeps sending to the devnet's nodes.
 */
const GRACE_MS = 10_000;

function parentGone(): void {
  process.kill(process.pid, "SIGTERM");
  setTimeout(() => process.exit(1), GRACE_MS).unref();
}

process.stdin.on("end", parentGone);
process.stdin.on("error", parentGone);
process.stdin.resume();
