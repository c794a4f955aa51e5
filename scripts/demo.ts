/**
 * The end-to-end demonstration run by `npm start` until the full devnet lands: the four chains
 * as local simulated chains with their real chain ids, the shared libraries deployed on each, a
 * file committed and proven on every chain, and validator-signed checkpoints recovered on every
 * chain. Prints progress and a summary table; exits non-zero on any mismatch.
 */
import { randomBytes } from "node:crypto";

import { network } from "hardhat";
import { encodeFunctionData, type Hex } from "viem";
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";

import { localChains } from "../deploy/chains.ts";
import { ContentTree, hashMessage, signMessage } from "../sdk/src/index.ts";

const step = (text: string) => console.log(`\n» ${text}`);
const ok = (text: string) => console.log(`  ✓ ${text}`);

step("Committing 8 MiB of content (SHA-256 tree over 32-byte segments)");
const data = randomBytes(8 << 20);
const t0 = performance.now();
const tree = ContentTree.fromBytes(data);
const commitMs = performance.now() - t0;
ok(`root ${tree.commitment.root}, size ${tree.commitment.size} bytes, ${tree.pieceCount} pieces, ${commitMs.toFixed(0)} ms`);

const validators = Array.from({ length: 4 }, () => privateKeyToAccount(generatePrivateKey()));
const rows: Record<string, string | number>[] = [];

for (const chain of localChains) {
  step(`${chain.name} (chain id ${chain.chainId}, local simulated chain)`);
  const { viem } = await network.create({ network: chain.network });
  const [wallet] = await viem.getWalletClients();
  const publicClient = await viem.getPublicClient();
  if (wallet === undefined) throw new Error("no funded account on the local chain");
  const token = await viem.deployContract("BTTToken", [wallet.account.address]);
  const proofs = await viem.deployContract("ContentProofHarness");
  const messages = await viem.deployContract("MessagesHarness");
  ok(`deployed BTTToken ${token.address}, ContentProofHarness ${proofs.address}, MessagesHarness ${messages.address}`);

  await token.write.mint([wallet.account.address, 1_000n * 10n ** 18n]);
  ok(`minted 1000 BTT to ${wallet.account.address}`);

  const index = BigInt(Math.floor(Math.random() * (8 << 15)));
  const proof = tree.proveSegment(index);
  const args = [tree.commitment.root, tree.commitment.size, proof.index, proof.segment, [...proof.proof]] as const;
  const verified = await proofs.read.verifySegment(args);
  const gas = await publicClient.estimateGas({
    to: proofs.address,
    data: encodeFunctionData({ abi: proofs.abi, functionName: "verifySegment", args }),
  });
  if (!verified) throw new Error(`segment ${index} did not verify on ${chain.name}`);
  ok(`segment ${index} proven on chain (${proof.proof.length} siblings, ${gas} gas)`);

  const checkpoint = {
    sourceChainId: 199n,
    destChainId: BigInt(chain.chainId),
    destContract: messages.address,
    epoch: 1n,
    startBlock: 1n,
    endBlock: 256n,
    blockRoot: tree.commitment.root,
    messageRoot: `0x${"00".repeat(32)}` as Hex,
    messageCount: 0n,
  };
  const digest = hashMessage("Checkpoint", checkpoint);
  for (const validator of validators) {
    const signature = await signMessage(validator, "Checkpoint", checkpoint);
    const signer = await messages.read.recover([digest, signature]);
    if (signer !== validator.address) throw new Error(`wrong signer recovered on ${chain.name}`);
  }
  ok(`4 validator signatures over a checkpoint for this chain recovered on chain`);
  rows.push({ chain: chain.name, chainId: chain.chainId, segmentProofGas: Number(gas), signaturesRecovered: validators.length });
}

step("Summary");
console.table(rows);
console.log("\nThe full devnet (staking, bridge, storage deals, paid transfers, relayer) is built on these pieces.");
