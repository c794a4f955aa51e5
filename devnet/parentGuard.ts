/**
 * Preloaded into every `hardhat node` the launcher starts (`node --import`): the node exits when
 * its stdin reaches end of file, which happens when the process that started it is gone, even
 * after a `kill -9` that left it no chance to clean up. No orphan node keeps a port.
 */
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
