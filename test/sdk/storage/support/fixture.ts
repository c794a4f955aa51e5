import { network } from "hardhat";
import { erc20Abi, type Address, type Hex } from "viem";

import type { StorageDeal } from "../../../../sdk/src/messages/index.ts";
import type { ReadClient } from "../../../../sdk/src/storage/index.ts";

/** Market parameters of the TypeScript tests: epochs of 10 blocks, 10% slash per miss, 20% of it to the reporter, 2 misses end a deal. */
export const EPOCH = 10n;
export const SLASH_BPS = 1_000n;
export const BOUNTY_BPS = 2_000n;
export const MAX_MISSES = 2n;
export const BTT = 10n ** 18n;

/** A BTTC (chain 199) simulated chain with BTTToken and StorageMarket deployed, and funded wallets. */
export async function deployStorage() {
  const connection = await network.create({ network: "bttc" });
  const { viem, networkHelpers } = connection;
  const wallets = await viem.getWalletClients();
  const publicClient: ReadClient = await viem.getPublicClient();
  const owner = wallets[0]!;
  const token = await viem.deployContract("BTTToken", [owner.account.address]);
  const market = await viem.deployContract("StorageMarket", [token.address, EPOCH, SLASH_BPS, BOUNTY_BPS, MAX_MISSES]);
  const viemPublic = await viem.getPublicClient();

  async function wait(hash: Hex) {
    return viemPublic.waitForTransactionReceipt({ hash });
  }

  /** Mints `amount` to `wallet` and approves the market for all of it. */
  async function fund(wallet: (typeof wallets)[number], amount: bigint): Promise<void> {
    await wait(await token.write.mint([wallet.account.address, amount]));
    await wait(
      await wallet.writeContract({
        address: token.address,
        abi: erc20Abi,
        functionName: "approve",
        args: [market.address, amount],
        account: wallet.account,
        chain: wallet.chain,
      }),
    );
  }

  async function balanceOf(account: Address): Promise<bigint> {
    return token.read.balanceOf([account]);
  }

  async function blockNumber(): Promise<bigint> {
    return viemPublic.getBlockNumber({ cacheTime: 0 });
  }

  /** Mines until the latest block is at least `target` (no-op if already there). */
  async function mineTo(target: bigint): Promise<void> {
    if ((await blockNumber()) < target) await networkHelpers.mineUpTo(target);
  }

  /** A deal offer with the test defaults; `start` is the next epoch boundary at least `lead` blocks ahead. */
  async function offer(
    fields: Partial<StorageDeal> & Pick<StorageDeal, "client" | "host" | "root" | "size">,
    lead = 20n,
  ) {
    const now = await blockNumber();
    const start = ((now + lead) / EPOCH + 1n) * EPOCH;
    return {
      chainId: 199n,
      market: market.address,
      start,
      periods: 3n,
      periodLength: 2n * EPOCH,
      pricePerPeriod: BTT,
      collateral: 10n * BTT,
      challengesPerPeriod: 3n,
      nonce: 1n,
      deadline: now + 100n,
      ...fields,
    } satisfies StorageDeal;
  }

  return {
    connection,
    networkHelpers,
    mineTo,
    wallets,
    publicClient,
    token,
    market,
    wait,
    fund,
    balanceOf,
    blockNumber,
    offer,
  };
}
