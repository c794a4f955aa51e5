import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import hre, { network } from "hardhat";
import {
  createWalletClient,
  custom,
  parseSignature,
  signatureToCompactSignature,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
  type LocalAccount,
} from "viem";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import {
  BLOCK_SIZE,
  TransferError,
  download,
  onChainSolvency,
  type SolvencyCheck,
} from "../../../sdk/src/p2p/index.ts";
import { FileVoucherStore, type SignedVoucher } from "../../../sdk/src/payments/index.ts";
import { account, seed, settled, tempDir, writeRandomFile } from "./support/helpers.ts";
import { ID, RawPeer, frame, poolFrame, requestFrame } from "./support/rawPeer.ts";

/**
 * The PaymentChannels contract comes from the payments domain (contracts/payments). Until that
 * is merged into this tree, point P2P_PAYMENT_CHANNELS_ARTIFACT at its compiled artifact JSON to
 * run these tests; without either they are skipped (and say so). Only the contract's external
 * interface is used: depositNative, claim, claimable.
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

const PRICE = 10n ** 15n;

/** A deployed PaymentChannels with one funded payer, and helpers to check solvency and claim. */
async function deployPool(artifact: { abi: Abi; bytecode: Hex }, deposit: bigint) {
  const { viem } = await network.create({ network: "bttc" });
  const publicClient = await viem.getPublicClient();
  const [deployer] = await viem.getWalletClients();
  const chainId = BigInt(await publicClient.getChainId());
  const hash = await deployer!.deployContract({ abi: artifact.abi, bytecode: artifact.bytecode, args: [3600n] });
  const pool = (await publicClient.waitForTransactionReceipt({ hash })).contractAddress as Address;
  // The payer is a local key (it also signs handshakes and vouchers) with a native-BTT deposit.
  const payer: LocalAccount = account();
  await publicClient.waitForTransactionReceipt({
    hash: await deployer!.sendTransaction({ to: payer.address, value: 10n ** 20n }),
  });
  const payerClient = createWalletClient({
    account: payer,
    chain: publicClient.chain,
    transport: custom(publicClient.transport as never),
  });
  await publicClient.waitForTransactionReceipt({
    hash: await payerClient.writeContract({
      address: pool,
      abi: artifact.abi,
      functionName: "depositNative",
      args: [],
      value: deposit,
    }),
  });
  /** The seeder's solvency check: the payer's reservation for it covers a claim of `amount`. */
  const solvency: SolvencyCheck = onChainSolvency(publicClient);
  /** The payer sets `amount` of its deposit aside for `payee` (only a reservation is cover). */
  const reserveFor = async (payee: Address, amount: bigint): Promise<void> => {
    await publicClient.waitForTransactionReceipt({
      hash: await payerClient.writeContract({
        address: pool,
        abi: artifact.abi,
        functionName: "reserve",
        args: [zeroAddress, payee, amount],
      }),
    });
  };
  /** Anyone submits the payee's best voucher; returns what the payee received. */
  const claim = async (payee: Address, { voucher, signature }: SignedVoucher): Promise<bigint> => {
    const compact = signatureToCompactSignature(parseSignature(signature));
    const before = await publicClient.getBalance({ address: payee });
    const tx = await deployer!.writeContract({
      address: pool,
      abi: artifact.abi,
      functionName: "claim",
      args: [
        payee,
        zeroAddress,
        {
          payer: voucher.payer,
          cumulativeAmount: voucher.cumulativeAmount,
          generation: voucher.generation,
          r: compact.r,
          vs: compact.yParityAndS,
        },
      ],
    });
    await publicClient.waitForTransactionReceipt({ hash: tx });
    return (await publicClient.getBalance({ address: payee })) - before;
  };
  const payment = { signer: payer, chainId, pool, token: zeroAddress, generation: 0n, maxPricePerPiece: PRICE };
  return { chainId, pool, payer, solvency, claim, payment, reserveFor, publicClient, payerClient };
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
    const { chainId, pool, payer, solvency, claim, payment, reserveFor } = await deployPool(artifact, 10n ** 19n);
    const pieces = 24;
    const size = pieces * DEFAULT_PIECE_SIZE - 1;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const credit = 4;
    const stores = [
      await FileVoucherStore.open(join(tmp.dir, "v1.json")),
      await FileVoucherStore.open(join(tmp.dir, "v2.json")),
    ];
    const seeders = await Promise.all(
      stores.map((store) =>
        seed(path, {
          payment: { pricePerPiece: PRICE, creditPieces: credit, chainId, pool, token: zeroAddress, store, solvency },
        }),
      ),
    );
    for (const s of seeders) await reserveFor(s.seeder.options.account.address, 5n * 10n ** 18n);
    try {
      const out = join(tmp.dir, "out");
      const result = await download({
        root: seeders[0]!.source.commitment.root,
        size: BigInt(size),
        out,
        account: payer,
        payment,
        peers: seeders.map((s) => ({ host: "127.0.0.1", port: s.seeder.port })),
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
      await Promise.all(seeders.map((s) => settled(s.seeder)));
      let total = 0n;
      for (const [i, s] of seeders.entries()) {
        const [stored] = await stores[i]!.list();
        const voucher = stored?.voucher;
        const report = result.peers[i]!;
        if (report.piecesVerified === 0) {
          expect(voucher).to.equal(undefined);
          continue;
        }
        // Served within the credit window: what it sent beyond what it was paid is at most `credit` pieces.
        const servedPieces = Math.ceil(s.seeder.stats.bytesSent / DEFAULT_PIECE_SIZE);
        expect(servedPieces - Number(voucher!.cumulativeAmount / PRICE)).to.be.within(0, credit);
        const claimed = await claim(s.seeder.options.account.address, stored!);
        expect(claimed).to.equal(PRICE * BigInt(report.piecesVerified));
        total += claimed;
      }
      expect(total).to.equal(PRICE * BigInt(result.peers.reduce((n, p) => n + p.piecesVerified, 0)));
      expect(total).to.be.at.least(PRICE * BigInt(pieces));
    } finally {
      await Promise.all(seeders.map((s) => s.close()));
    }
  });

  it("a seeder drops a payer whose deposit runs out and claims what the deposit holds", async function () {
    const artifact = await paymentChannelsArtifact();
    if (artifact === undefined) {
      console.log("      (skipped: PaymentChannels is not in this tree; set P2P_PAYMENT_CHANNELS_ARTIFACT)");
      this.skip();
    }
    const deposit = 10n * PRICE;
    const { chainId, pool, payer, solvency, claim, payment, reserveFor } = await deployPool(artifact, deposit);
    const size = 24 * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const credit = 4;
    const store = await FileVoucherStore.open(join(tmp.dir, "v.json"));
    const s = await seed(path, {
      payment: { pricePerPiece: PRICE, creditPieces: credit, chainId, pool, token: zeroAddress, store, solvency },
    });
    await reserveFor(s.seeder.options.account.address, deposit);
    try {
      const error = await download({
        root: s.source.commitment.root,
        size: BigInt(size),
        out: join(tmp.dir, "out"),
        account: payer,
        payment,
        peers: [{ host: "127.0.0.1", port: s.seeder.port }],
      }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TransferError);
      expect(s.seeder.errors.at(-1)?.message).to.match(/does not cover its vouchers/);
      const [stored] = await store.list();
      const voucher = stored?.voucher;
      expect(voucher!.cumulativeAmount).to.be.greaterThan(deposit);
      // It served at most what the deposit pays plus its credit window, and is paid the whole deposit.
      expect(Math.ceil(s.seeder.stats.bytesSent / DEFAULT_PIECE_SIZE)).to.be.at.most(
        Number(voucher!.cumulativeAmount / PRICE) + credit,
      );
      expect(await claim(s.seeder.options.account.address, stored!)).to.equal(deposit);
    } finally {
      await s.close();
    }
  });

  it("only a reservation for this seeder is credit: a big free balance gets nothing, a reservation gets credit up to its cover", async function () {
    const artifact = await paymentChannelsArtifact();
    if (artifact === undefined) {
      console.log("      (skipped: PaymentChannels is not in this tree; set P2P_PAYMENT_CHANNELS_ARTIFACT)");
      this.skip();
    }
    // 10 BTT free in the pool: enough for the whole file a thousand times over, reserved for no one.
    const { chainId, pool, payer, solvency, claim, payment, reserveFor } = await deployPool(artifact, 10n ** 19n);
    const size = 24 * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const credit = 4;
    const store = await FileVoucherStore.open(join(tmp.dir, "v.json"));
    const s = await seed(path, {
      payment: { pricePerPiece: PRICE, creditPieces: credit, chainId, pool, token: zeroAddress, store, solvency },
    });
    const fetch = (out: string) =>
      download({
        root: s.source.commitment.root,
        size: BigInt(size),
        out: join(tmp.dir, out),
        account: payer,
        payment,
        peers: [{ host: "127.0.0.1", port: s.seeder.port }],
      }).catch((e: unknown) => e);
    try {
      // No reservation: dropped at the pool announcement, before any byte (the old check, a claim
      // payable from the free balance, served the whole file on this deposit).
      expect(await fetch("out1")).to.be.instanceOf(Error);
      expect(s.seeder.stats.bytesSent).to.equal(0);
      expect(s.seeder.errors.at(-1)?.message).to.match(/does not cover the credit window/);
      expect(await store.list()).to.have.length(0);
      // A reservation of 10 pieces: served while its vouchers stay within it (plus one credit
      // window past the last covered voucher), dropped after; the voucher it kept is claimable.
      const reserved = 10n * PRICE;
      await reserveFor(s.seeder.options.account.address, reserved);
      expect(await fetch("out2")).to.be.instanceOf(TransferError);
      expect(s.seeder.errors.at(-1)?.message).to.match(/does not cover its vouchers/);
      const [stored] = await store.list();
      expect(stored!.voucher.cumulativeAmount).to.be.greaterThan(reserved);
      expect(Math.ceil(s.seeder.stats.bytesSent / DEFAULT_PIECE_SIZE)).to.be.at.most(
        Number(reserved / PRICE) + 2 * credit,
      );
      expect(Math.ceil(s.seeder.stats.bytesSent / DEFAULT_PIECE_SIZE)).to.be.lessThan(24);
      expect(await claim(s.seeder.options.account.address, stored!)).to.equal(stored!.voucher.cumulativeAmount);
    } finally {
      await s.close();
    }
  });

  it("fresh identities with no deposit get no credit and no piece from a seeder checking the pool on chain", async function () {
    const artifact = await paymentChannelsArtifact();
    if (artifact === undefined) {
      console.log("      (skipped: PaymentChannels is not in this tree; set P2P_PAYMENT_CHANNELS_ARTIFACT)");
      this.skip();
    }
    const { chainId, pool, solvency } = await deployPool(artifact, 10n * PRICE);
    const pieces = 8;
    const size = pieces * DEFAULT_PIECE_SIZE;
    const { path } = writeRandomFile(tmp.dir, "src", size);
    const store = await FileVoucherStore.open(join(tmp.dir, "v.json"));
    const s = await seed(path, {
      payment: { pricePerPiece: PRICE, creditPieces: 4, chainId, pool, token: zeroAddress, store, solvency },
    });
    try {
      const content = { root: s.source.commitment.root, size: BigInt(size), pieceSize: DEFAULT_PIECE_SIZE };
      for (let identity = 0; identity < 3; identity++) {
        const peer = await RawPeer.handshake(s.seeder.port, account(), content, { features: 3 });
        peer.socket.write(frame(ID.interested));
        peer.socket.write(poolFrame(chainId, pool, zeroAddress, 0n));
        for (let b = 0; b < DEFAULT_PIECE_SIZE / BLOCK_SIZE; b++)
          peer.socket.write(requestFrame(0, b * BLOCK_SIZE, BLOCK_SIZE));
        await peer.until(() => false); // until the seeder closes it
        expect(peer.count(ID.ack)).to.equal(0);
        expect(peer.pieceBytes).to.equal(0);
      }
      expect(s.seeder.stats.bytesSent).to.equal(0);
      expect(s.seeder.errors.at(-1)?.message).to.match(/does not cover the credit window/);
    } finally {
      await s.close();
    }
  });
});
