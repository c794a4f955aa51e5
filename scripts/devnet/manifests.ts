/**
 * Deployment manifests of the devnet (one per chain, the format the SDK's `parseManifest` and the
 * relayer read), written to `.devnet/deployments/<network>.json` by `npm start -- --keep`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { createPublicClient, getAddress, http, type Address, type PublicClient } from "viem";

import { localChains } from "../../deploy/chains.ts";
import { serializeManifest, type DeployedContract, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import type { ChainName } from "../story/chains.ts";
import type { Deployment } from "../story/deploy.ts";
import { repoRoot } from "./node.ts";

export const devnetDir = join(repoRoot, ".devnet");

/** Manifest key -> [address, contract name], per chain. */
export type ContractList = Record<string, readonly [Address, string]>;

/** What the story deployed, under the manifest keys the relayer and dapps look up. */
export function contractsOf(d: Deployment): Record<ChainName, ContractList> {
  const messaging = (x: { verifier: Address; inbox: Address; outbox: Address }): ContractList => ({
    validatorSet: [x.verifier, "ValidatorSet"],
    inbox: [x.inbox, "Inbox"],
    outbox: [x.outbox, "Outbox"],
  });
  const root = (name: "tron" | "ethereum" | "bnb"): ContractList => {
    const r = d.roots[name];
    return {
      token: [r.btt.address, "BTTToken"],
      usdt: [r.usdt.address, "TestToken"],
      ...(r.stakeManager === undefined ? {} : { stakeManager: [r.stakeManager, "StakeManager"] as const }),
      ...messaging(r),
      rootBridge: [r.bridge, "RootBridge"],
    };
  };
  const b = d.bttc;
  return {
    bttc: {
      ...messaging(b),
      childBridge: [b.bridge, "ChildBridge"],
      paymentChannels: [b.pool, "PaymentChannels"],
      storageMarket: [b.market, "StorageMarket"],
      usdtT: [b.usdt.tron, "ChildToken"],
      usdtE: [b.usdt.ethereum, "ChildToken"],
      usdtB: [b.usdt.bnb, "ChildToken"],
      bttB: [b.bttB, "ChildToken"],
    },
    tron: root("tron"),
    ethereum: root("ethereum"),
    bnb: root("bnb"),
  };
}

/** First block with code at `address` (binary search over the node's state history). */
async function creationBlock(client: PublicClient, address: Address, latest: bigint): Promise<bigint> {
  let low = 0n;
  let high = latest;
  while (low < high) {
    const mid = (low + high) / 2n;
    const code = await client.getCode({ address, blockNumber: mid });
    if (code === undefined || code === "0x") low = mid + 1n;
    else high = mid;
  }
  return low;
}

/** Builds each chain's manifest from its node (creation blocks) and writes it to `dir`; returns the files. */
export async function writeManifests(
  urls: Readonly<Record<ChainName, string>>,
  contracts: Record<ChainName, ContractList>,
  release: string,
  dir = join(devnetDir, "deployments"),
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const chain of localChains) {
    const name = chain.network as ChainName;
    const client = createPublicClient({ transport: http(urls[name]) });
    const latest = await client.getBlockNumber();
    const entries: Record<string, DeployedContract> = {};
    for (const [key, [address, contractName]] of Object.entries(contracts[name])) {
      entries[key] = { address: getAddress(address), blockNumber: await creationBlock(client, address, latest), contractName };
    }
    const manifest: DeploymentManifest = {
      version: 1,
      network: chain.network,
      chainId: chain.chainId,
      role: chain.role,
      deployedAt: new Date().toISOString(),
      release,
      contracts: entries,
    };
    const file = join(dir, `${chain.network}.json`);
    await writeFile(file, serializeManifest(manifest));
    files.push(file);
  }
  return files;
}
