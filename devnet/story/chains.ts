/**
 * The four chains of DESIGN section 2 with their real chain ids, reached either over JSON-RPC HTTP
 * (the devnet's `hardhat node` processes: `npm start`, test/story) or as in-process simulated (EDR)
 * chains; the rest of the story does not see the difference. And the story's cast: the same Hardhat
 * accounts exist on every chain, so each role is one account index everywhere.
 */
import hre, { network } from "hardhat";
import { createWalletClient, custom, isAddressEqual, type Hash, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

import { localChains } from "../../deploy/chains.ts";
import type { DevnetNetworkName } from "../../sdk/src/chains/index.ts";
import { StoryMismatch, type Reporter } from "./report.ts";

/** The devnet's chains, by their names in the SDK's chain table. */
export type ChainName = DevnetNetworkName;
export type RootName = Exclude<ChainName, "bttc">;
export const rootNames: readonly RootName[] = ["tron", "ethereum", "bnb"];

/** Account indices (Hardhat's default accounts) of the cast. */
export const cast = {
  governance: 0,
  validators: [1, 2, 3, 4],
  delegators: [5, 6],
  alice: 7,
  bob: 8,
  relayer: 9,
  hosts: [10, 11, 12, 13, 14],
  /** P2P seeders: they sign handshakes with their keys, so they use local accounts (see `localAccount`). */
  seeders: [15, 16],
  /** The devnet's three relayer daemons pay from these (devnet/relayers.ts). */
  relayers: [17, 18, 19],
} as const;

/** Hardhat's default test mnemonic: its accounts are the funded accounts of the simulated chains. */
export const TEST_MNEMONIC = "test test test test test test test test test test test junk";

/** JSON-RPC URL of each chain (a node running that chain's Hardhat network), or none for in-process chains. */
export type ChainUrls = Readonly<Record<ChainName, string>>;

async function open(name: ChainName, reporter: Reporter, url: string | undefined) {
  const info = localChains.find((c) => c.network === name);
  if (info === undefined) throw new Error(`no local chain named ${name}`);
  // Over HTTP: Hardhat's `localhost` network pointed at the node (node-side accounts sign).
  const connection =
    url === undefined
      ? await network.create({ network: name })
      : await network.create({ network: "localhost", chainType: "l1", override: { url, chainId: info.chainId } });
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const chainId = BigInt(await publicClient.getChainId());
  if (chainId !== BigInt(info.chainId))
    throw new StoryMismatch(`${info.name} reports chain id ${chainId}, expected ${info.chainId}`);
  const wallet = (index: number) => {
    const w = wallets[index];
    if (w === undefined) throw new Error(`account ${index} missing on ${name}`);
    return w;
  };
  /** Waits for a transaction, fails the story if it reverted, and records its gas under `action` when given. */
  const mined = async (hash: Hash | Promise<Hash>, action?: string) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success")
      throw new StoryMismatch(`${action ?? "transaction"} on ${info.name} reverted (${receipt.transactionHash})`);
    if (action !== undefined) reporter.gas(info.name, action, receipt);
    return receipt;
  };
  /** A funded account as a local signer (P2P handshakes and vouchers are signed without RPC), with a wallet client. */
  const localAccount = (index: number) => {
    const account = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: index });
    if (!isAddressEqual(account.address, wallet(index).account.address))
      throw new Error(`account ${index} is not derived from the test mnemonic`);
    return {
      account,
      wallet: createWalletClient({ account, chain: publicClient.chain, transport: custom(connection.provider) }),
    };
  };
  // A node runs its chain's network configuration, as the in-process chain does.
  const config = hre.config.networks[name];
  const hardfork = config?.type === "edr-simulated" ? config.hardfork : "unknown";
  const transport = url === undefined ? "in-process EDR chain" : `hardhat node at ${url}`;
  return {
    name,
    label: info.name,
    chainId,
    hardfork,
    transport,
    connection,
    viem,
    networkHelpers,
    publicClient,
    wallet,
    localAccount,
    mined,
  };
}

export type Chain = Awaited<ReturnType<typeof open>>;
export type Chains = Record<ChainName, Chain>;

/** Connects to the four chains (BTTC 199, TRON 728126428, Ethereum 1, BNB Chain 56; hardfork shanghai): at `urls`, or in process. */
export async function openChains(reporter: Reporter, urls?: ChainUrls): Promise<Chains> {
  return {
    bttc: await open("bttc", reporter, urls?.bttc),
    tron: await open("tron", reporter, urls?.tron),
    ethereum: await open("ethereum", reporter, urls?.ethereum),
    bnb: await open("bnb", reporter, urls?.bnb),
  };
}

/**
 * Whether init code runs on `chain`: PUSH0 (Shanghai, on TRON) must run; TLOAD and MCOPY (Cancun,
 * off on TRON) must fail on the TRON stand-in, as they would on TRON itself.
 */
export async function opcodeSupport(chain: Chain): Promise<{ push0: boolean; tload: boolean; mcopy: boolean }> {
  const runs = (code: Hex) =>
    chain.publicClient.call({ data: code }).then(
      () => true,
      () => false,
    );
  return {
    push0: await runs("0x5f5f5f00"), // PUSH0 PUSH0 PUSH0 STOP
    tload: await runs("0x5f5c00"), // PUSH0 TLOAD STOP
    mcopy: await runs("0x5f5f5f5e00"), // PUSH0 PUSH0 PUSH0 MCOPY STOP
  };
}

export async function closeChains(chains: Chains): Promise<void> {
  for (const chain of Object.values(chains)) await chain.connection.close();
}
