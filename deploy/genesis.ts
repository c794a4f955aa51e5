/**
 * Reads the validator set the staking home's ValidatorSet holds and writes it as the genesis set
 * for the verifiers of the other chains (their `Messaging` parameters; deploy/deploy.ts reads the
 * file from DEPLOY_GENESIS or <out dir>/genesis.json).
 *
 *   node deploy/genesis.ts --manifest deployments/nile.json --rpc https://nile.trongrid.io/jsonrpc [--out deployments/genesis.json]
 *
 * Any JSON-RPC endpoint of the home works (TRON: the full node's /jsonrpc).
 */
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";

import { createPublicClient, http } from "viem";

import { parseManifest } from "@btt-network/sdk/deployments";
import { fetchGenesis, genesisJson } from "./lib/genesis.ts";

const { values } = parseArgs({
  options: { manifest: { type: "string" }, rpc: { type: "string" }, out: { type: "string" } },
});
if (values.manifest === undefined || values.rpc === undefined) {
  console.error("usage: node deploy/genesis.ts --manifest <staking home manifest> --rpc <JSON-RPC URL> [--out <file>]");
  process.exit(2);
}
const home = parseManifest(await readFile(values.manifest, "utf8"));
const client = createPublicClient({ transport: http(values.rpc) });
const chainId = await client.getChainId();
if (chainId !== home.chainId)
  throw new Error(`the RPC serves chain ${chainId}, the manifest is for ${home.network} (chain ${home.chainId})`);
const genesis = await fetchGenesis(client, home);
const out = values.out ?? join(dirname(values.manifest), "genesis.json");
await writeFile(out, genesisJson(genesis));
console.log(`genesis set of ${home.network} at epoch ${genesis.epoch}: ${genesis.signers.length} signers -> ${out}`);
