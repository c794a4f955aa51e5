/** What `npm start -- --keep` prints about the running devnet: RPC URLs, contracts, funded accounts. */
import { relative } from "node:path";

import { getAddress } from "viem";

import { toTronAddress } from "@btt-network/sdk/tron";
import type { ChainName } from "./story/chains.ts";
import { formatTable } from "./story/summary.ts";
import { fundedAccounts } from "./accounts.ts";
import type { Devnet } from "./devnet.ts";
import type { DevnetManifests } from "./manifests.ts";
import { repoRoot } from "./node.ts";

export function describeDevnet(devnet: Devnet, manifests: DevnetManifests, manifestFiles: readonly string[]): string[] {
  const lines = [
    "\n» The devnet keeps running (Ctrl-C stops it)",
    "\nRPC endpoints (HTTP; WebSocket on the same port):",
  ];
  lines.push(...formatTable(devnet.chains.map((c) => ({ chain: c.name, "chain id": String(c.chainId), rpc: c.url }))));
  for (const chain of devnet.chains) {
    lines.push(`\n${chain.name} contracts:`);
    const rows = Object.entries(manifests[chain.network as ChainName].contracts).map(
      ([key, { address: hex, contractName, blockNumber }]) => ({
        name: key,
        contract: contractName,
        block: blockNumber.toString(),
        // TRON users read base58; the node itself speaks EVM hex.
        address: chain.network === "tron" ? `${getAddress(hex)} (${toTronAddress(hex)})` : getAddress(hex),
      }),
    );
    lines.push(...formatTable(rows));
  }
  lines.push(
    `\nDeployment manifests (SDK parseManifest, relayer): ${manifestFiles.map((f) => relative(repoRoot, f)).join(", ")}`,
  );
  lines.push("\nFunded accounts, the same on every chain. TEST ONLY: these are Hardhat's public well-known keys;");
  lines.push(
    "anything sent to them on a real network is taken at once. Mnemonic: test test test test test test test test test test test junk",
  );
  lines.push(
    ...formatTable(
      fundedAccounts().map((a) => ({
        "#": String(a.index),
        role: a.role,
        address: a.address,
        "private key (test only)": a.privateKey,
      })),
    ),
  );
  return lines;
}
