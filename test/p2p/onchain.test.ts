import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import hre, { network } from "hardhat";
import { createWalletClient, custom, parseSignature, signatureToCompactSignature, zeroAddress, type Abi, type Address, type Hex } from "viem";

import { DEFAULT_PIECE_SIZE } from "../../sdk/src/commitment/index.ts";
import { FileVoucherStore, accountVoucherSigner, download } from "../../sdk/src/p2p/index.ts";
import { account, seed, tempDir, writeRandomFile } from "./helpers.ts";

/**
 * The PaymentChannels contract comes from the payments domain (contracts/payments). Until that
 * is merged into this tree, point P2P_PAYMENT_CHANNELS_ARTIFACT at its compiled artifact JSON to
 * run this test; without either it is skipped (and says so).
 */
async function paymentChannelsArtifact(): Promise<{ abi: Abi; bytecode: Hex } | undefined> {
  try {
    const artifact = await hre.artifacts.readArtifact("contracts/payments/PaymentChannels.sol:PaymentChannels");
    return { abi: artifact.abi as Abi, bytecode: artifact.bytecode as Hex };
  } catch {
    const path = process.env.P2P_PAYMENT_CHANNELS_ARTIFACT;
    if (path === undefined) return undefined;
    const artifact = JSON.parse(readFileSync(path, "utf8")) as { abi: Abi; bytecode: Hex };
    return { abi: artifact.abi, bytecode: artifact.bytecode };
  }
}

describe("p2p paid mode on chain", function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("each seeder claims exactly price x verified pieces it served, within its credit window", async function () {
    const artifact = await paymentChannelsArtifact();
    if (artifact === undefined) {
      console.log("      (skipped: PaymentChannels is not in this tree; set P2P_PAYMENT_CHANNELS_ARTIFACT)");
      this.skip();
    }
    const { viem } = await network.connect({ network: "bttc" });
    const publicClient = await viem.getPublicClient();
    const [deployer] = await viem.getWalletClients();
    const chainId = BigInt(await publicClient.getChainId());
    const hash = await deployer!.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [3600n] });
    const pool = (await publicClient.waitForTransactionReceipt({ hash })).contractAddress as Address;

    // The payer (a local key, which also signs the vouchers) funds a native-BTT deposit.
    const payer = account();
    await publicClient.waitForTransactionReceipt({ hash: await deployer!.sendTransaction({ to: payer.address, value: 10n ** 20n }) });
    const price = 10n ** 15n;
    const payerClient = createWalletClient({ account: payer, chain: publicClient.chain, transport: custom(publicClient.transport as never) });
    await publicClient.waitForTransactionReceipt({ hash: await payerClient.writeContract({ address: pool, abi: artifact.abi, functionName: "depositNative", args: [], value: 10n ** 19n }) });

    const pieces = 24;
    const size = pieces * DEFAULT_PIECE_SIZE - 1;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const credit = 4;
    const stores = [new FileVoucherStore(join(tmp.dir, "v1")), new FileVoucherStore(join(tmp.dir, "v2"))];
    const seeders = await Promise.all(stores.map((store) => seed(path, { payment: { pricePerPiece: price, creditPieces: credit, chainId, pool, token: zeroAddress, store } })));
    try {
      const out = join(tmp.dir, "out");
      const result = await download({
        root: seeders[0]!.source.commitment.root,
        size: BigInt(size),
        out,
        account: payer,
        payment: { signer: accountVoucherSigner(payer), chainId, pool, token: zeroAddress, generation: 0n, maxPricePerPiece: price },
        peers: seeders.map((s) => ({ host: "127.0.0.1", port: s.seeder.port })),
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
      let total = 0n;
      for (const [i, s] of seeders.entries()) {
        const payee = s.seeder.options.account.address;
        const [voucher] = await stores[i]!.all();
        const report = result.peers[i]!;
        if (report.piecesVerified === 0) {
          expect(voucher).to.equal(undefined);
          continue;
        }
        // Served within the credit window: what it sent beyond what it was paid is at most `credit` pieces.
        const servedPieces = Math.ceil(s.seeder.stats.bytesSent / DEFAULT_PIECE_SIZE);
        expect(servedPieces - Number(voucher!.cumulativeAmount / price)).to.be.within(0, credit);
        const compact = signatureToCompactSignature(parseSignature(voucher!.signature));
        const before = await publicClient.getBalance({ address: payee });
        // Anyone may submit the claim; the funds go to the payee.
        const claimHash = await deployer!.writeContract({
          address: pool,
          abi: artifact.abi,
          functionName: "claim",
          args: [payee, zeroAddress, { payer: payer.address, cumulativeAmount: voucher!.cumulativeAmount, generation: 0n, r: compact.r, vs: compact.yParityAndS }],
        });
        await publicClient.waitForTransactionReceipt({ hash: claimHash });
        const claimed = (await publicClient.getBalance({ address: payee })) - before;
        expect(claimed).to.equal(price * BigInt(report.piecesVerified));
        total += claimed;
      }
      expect(total).to.equal(price * BigInt(result.peers.reduce((n, p) => n + p.piecesVerified, 0)));
      expect(total).to.be.at.least(price * BigInt(pieces));
    } finally {
      await Promise.all(seeders.map((s) => s.close()));
    }
  });
});
