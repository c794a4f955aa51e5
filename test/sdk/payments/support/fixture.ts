import { network } from "hardhat";
import { createWalletClient, custom, type Address, type Hash } from "viem";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

/** One simulated BTTC chain with a PaymentChannels pool (1-day delay) and a test token. */
export async function paymentsFixture() {
  const connection = await network.create({ network: "bttc" });
  const { viem, networkHelpers, provider } = connection;
  const publicClient = await viem.getPublicClient();
  const chainId = BigInt(await publicClient.getChainId());
  const wallets = await viem.getWalletClients();
  const delay = 86_400n;
  const contract = await viem.deployContract("PaymentChannels", [delay]);
  const token = await viem.deployContract("BTTToken", [wallets[0]!.account.address]);

  /** A fresh payer with a local key (signs vouchers without RPC) and 10^6 BTT of gas money. */
  const newPayer = async (): Promise<{ account: PrivateKeyAccount; wallet: ReturnType<typeof walletOf> }> => {
    const account = privateKeyToAccount(generatePrivateKey());
    await networkHelpers.setBalance(account.address, 10n ** 24n);
    return { account, wallet: walletOf(account) };
  };
  const walletOf = (account: PrivateKeyAccount) =>
    createWalletClient({ account, chain: publicClient.chain, transport: custom(provider) });
  const mined = async (hash: Hash) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return receipt;
  };
  const balanceOf = (address: Address) => publicClient.getBalance({ address });

  return {
    connection,
    viem,
    networkHelpers,
    publicClient,
    chainId,
    wallets,
    delay,
    pool: contract.address,
    token,
    newPayer,
    mined,
    balanceOf,
  };
}
