/**
 * Fixtures for the checkpoint and rotation tests: the messaging contracts (Outbox, ValidatorSet,
 * Inbox) on several `hardhat node` processes, a genesis set of four validator keys, a StakeManager
 * on the staking home where the same four validators stake, and relayer configs with the signer,
 * checkpoint and rotation duties (keys through the environment, peers by URL and token variable).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import {
  createWalletClient,
  http,
  keccak256,
  parseAbi,
  toHex,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";

import { outboxAbi } from "../../../sdk/src/bridge/index.ts";
import { sortValidatorSet, stakeManagerAbi, type ValidatorSetMember } from "../../../sdk/src/staking/index.ts";
import { chainOf, DEPLOYER_KEY, publicClientFor, tempDir, type TestConfig } from "./fixture.ts";
import { repoRoot, type HardhatNode } from "./node.ts";

const BTT = 10n ** 18n;

function artifact(path: string): { abi: Abi; bytecode: Hex } {
  const name = path.split("/").pop() as string;
  return JSON.parse(readFileSync(join(repoRoot, "artifacts", "contracts", `${path}.sol`, `${name}.json`), "utf8")) as {
    abi: Abi;
    bytecode: Hex;
  };
}

async function deploy(node: HardhatNode, path: string, args: readonly unknown[]): Promise<Address> {
  const { abi, bytecode } = artifact(path);
  const wallet = createWalletClient({
    account: privateKeyToAccount(DEPLOYER_KEY),
    transport: http(node.url),
    chain: chainOf(node),
  });
  const hash = await wallet.deployContract({ abi, bytecode, args: args as unknown[] });
  const receipt = await publicClientFor(node).waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.contractAddress === null || receipt.contractAddress === undefined)
    throw new Error(`deploying ${path} failed`);
  return receipt.contractAddress;
}

export async function send(
  node: HardhatNode,
  key: Hex,
  to: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[],
): Promise<Hex> {
  const wallet = createWalletClient({
    account: privateKeyToAccount(key),
    transport: http(node.url),
    chain: chainOf(node),
  });
  const hash = await wallet.writeContract({ address: to, abi, functionName, args: args as unknown[] });
  const receipt = await publicClientFor(node).waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  return hash;
}

export interface ChainDeployment {
  readonly node: HardhatNode;
  readonly name: string;
  readonly outbox: Address;
  readonly inbox: Address;
  readonly validatorSet: Address;
  readonly stakeManager?: Address;
  readonly token?: Address;
  readonly fromBlock: number;
}

/** Outbox, ValidatorSet (genesis set `members`, or reading `stakeManager`) and Inbox on one node. */
export async function deployMessaging(
  node: HardhatNode,
  name: string,
  members: readonly ValidatorSetMember[],
  stakeManager?: Address,
): Promise<ChainDeployment> {
  const fromBlock = Number(await publicClientFor(node).getBlockNumber());
  const sorted = sortValidatorSet(members);
  const outbox = await deploy(node, "messaging/Outbox", []);
  const validatorSet =
    stakeManager === undefined
      ? await deploy(node, "staking/ValidatorSet", [
          zeroAddress,
          0n,
          sorted.map((m) => m.signer),
          sorted.map((m) => m.power),
          3_600n,
        ])
      : await deploy(node, "staking/ValidatorSet", [stakeManager, 0n, [], [], 0n]);
  const inbox = await deploy(node, "messaging/Inbox", [validatorSet]);
  return {
    node,
    name,
    outbox,
    inbox,
    validatorSet,
    fromBlock,
    ...(stakeManager === undefined ? {} : { stakeManager }),
  };
}

export const stakingParams = {
  epochLength: 5n,
  maxValidators: 4,
  unbondingEpochs: 241n,
  jailEpochs: 1n,
  slashBps: 1_000,
  bountyBps: 1_000,
  minSelfStake: 100n * BTT,
  rewardPerEpoch: 0n,
  setMaxAge: 3_600n,
} as const;

/** The staking home: BTTToken, StakeManager and its messaging contracts (verifier synced from the StakeManager). */
export async function deployHome(node: HardhatNode, name: string): Promise<ChainDeployment> {
  const deployer = privateKeyToAccount(DEPLOYER_KEY).address;
  const token = await deploy(node, "token/BTTToken", [deployer]);
  const stakeManager = await deploy(node, "staking/StakeManager", [token, deployer, stakingParams]);
  const messaging = await deployMessaging(node, name, [], stakeManager);
  return { ...messaging, token };
}

/** Each validator's owner (a fresh funded account) stakes `stakes[i]` BTT with signer `keys[i]`. */
export async function stakeValidators(
  home: ChainDeployment,
  keys: readonly PrivateKeyAccount[],
  stakes: readonly bigint[],
): Promise<void> {
  const token = home.token as Address;
  const stakeManager = home.stakeManager as Address;
  const tokenAbi = parseAbi([
    "function mint(address to, uint256 amount)",
    "function approve(address spender, uint256 amount) returns (bool)",
  ]);
  for (const [i, key] of keys.entries()) {
    const owner = keccak256(toHex(`${key.address} owner`));
    const ownerAddress = privateKeyToAccount(owner).address;
    await home.node.rpc("hardhat_setBalance", [ownerAddress, "0x56bc75e2d63100000"]);
    const amount = (stakes[i] ?? 0n) * BTT;
    await send(home.node, DEPLOYER_KEY, token, tokenAbi, "mint", [ownerAddress, amount]);
    await send(home.node, owner, token, tokenAbi, "approve", [stakeManager, amount]);
    await send(home.node, owner, stakeManager, stakeManagerAbi, "stake", [key.address, amount, 1_000]);
  }
}

/** Mines past the epoch's end block and advances the StakeManager's epoch. */
export async function advanceEpoch(home: ChainDeployment): Promise<void> {
  for (let i = 0; i < Number(stakingParams.epochLength) + 1; i++) await home.node.rpc("evm_mine");
  await send(home.node, DEPLOYER_KEY, home.stakeManager as Address, stakeManagerAbi, "advanceEpoch", []);
}

/** Sends `count` messages from `source`'s Outbox to chain `destChainId` (target: any non-zero address). */
export async function sendMessages(
  source: ChainDeployment,
  destChainId: number,
  count: number,
  tag = "m",
): Promise<void> {
  for (let i = 0; i < count; i++)
    await send(source.node, DEPLOYER_KEY, source.outbox, outboxAbi, "send", [
      BigInt(destChainId),
      "0x000000000000000000000000000000000000dEaD",
      toHex(`${tag} ${i}`),
    ]);
}

export function contractsSection(chains: readonly ChainDeployment[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    chains.map((c) => [
      c.name,
      {
        outbox: c.outbox,
        inbox: c.inbox,
        validatorSet: c.validatorSet,
        fromBlock: c.fromBlock,
        ...(c.stakeManager === undefined ? {} : { stakeManager: c.stakeManager }),
      },
    ]),
  );
}

export interface RelayerSpec {
  /** Validator keys this relayer signs with (none: no signer duty). */
  readonly validators?: readonly PrivateKeyAccount[];
  /** Account that pays for submissions (checkpoints/rotations duties when set). */
  readonly submitter?: Hex;
  readonly checkpoints?: Record<string, unknown>;
  readonly rotations?: Record<string, unknown>;
  readonly port: number;
  readonly authToken: string;
  readonly peers?: readonly { url: string; tokenEnv: string; token: string }[];
  readonly confirmations?: number;
}

/** Writes a relayer config over `chains` (all evm nodes), keys and tokens passed through the environment. */
export function writeBridgeConfig(chains: readonly ChainDeployment[], home: string, spec: RelayerSpec): TestConfig {
  const dir = tempDir("btt-relayer-ckpt-");
  const env: NodeJS.ProcessEnv = { BTT_RELAYER_HTTP__AUTH_TOKEN: spec.authToken };
  const keys: Record<string, unknown> = {};
  (spec.validators ?? []).forEach((key, i) => {
    keys[`validator${i}`] = { address: key.address };
  });
  const network = { home, contracts: contractsSection(chains) };
  const duties: Record<string, unknown> = {};
  const anyKey = spec.validators?.[0] === undefined ? "submitter" : "validator0";
  if (spec.submitter !== undefined) {
    keys.submitter = {};
    env.BTT_RELAYER_KEY_SUBMITTER = spec.submitter;
  }
  const peers = (spec.peers ?? []).map((p) => ({ url: p.url, tokenEnv: p.tokenEnv }));
  for (const peer of spec.peers ?? []) env[peer.tokenEnv] = peer.token;
  if ((spec.validators ?? []).length > 0)
    duties.signer = {
      chain: home,
      key: anyKey,
      keys: (spec.validators ?? []).map((_, i) => `validator${i}`),
      intervalMs: 500,
      ...network,
    };
  if (spec.checkpoints !== undefined)
    duties.checkpoints = {
      chain: chains[0]?.name,
      key: "submitter",
      intervalMs: 200,
      peers,
      peerTimeoutMs: 3_000,
      ...network,
      ...spec.checkpoints,
    };
  if (spec.rotations !== undefined)
    duties.rotations = {
      chain: home,
      key: "submitter",
      intervalMs: 200,
      peers,
      peerTimeoutMs: 3_000,
      ...network,
      ...spec.rotations,
    };
  const config = {
    sendTransactions: true,
    chains: Object.fromEntries(
      chains.map((c) => [
        c.name,
        {
          rpcUrl: c.node.url,
          confirmations: spec.confirmations ?? 2,
          pollIntervalMs: 100,
          rpcTimeoutMs: 3_000,
          fees: { stuckAfterMs: 5_000 },
        },
      ]),
    ),
    keys,
    store: { path: "relayer.db" },
    http: { host: "127.0.0.1", port: spec.port },
    log: { level: "warn" },
    duties,
  };
  (spec.validators ?? []).forEach((key, i) => {
    env[`BTT_RELAYER_KEY_VALIDATOR${i}`] = privateKeyOf(key);
  });
  const file = join(dir, "relayer.json");
  writeFileSync(file, JSON.stringify(config, null, 2));
  return { dir, file, requestsFile: join(dir, "unused.json"), env };
}

const privateKeys = new WeakMap<PrivateKeyAccount, Hex>();

/** Validator keys with their private key remembered (the config passes it through the environment). */
export function validatorAccounts(label = "relayer-ckpt"): PrivateKeyAccount[] {
  return [0, 1, 2, 3].map((i) => {
    const key = keccak256(toHex(`${label} validator ${i}`));
    const account = privateKeyToAccount(key);
    privateKeys.set(account, key);
    return account;
  });
}

function privateKeyOf(account: PrivateKeyAccount): Hex {
  const key = privateKeys.get(account);
  if (key === undefined) throw new Error(`no private key remembered for ${account.address}; use validatorAccounts()`);
  return key;
}

/** Starts interval mining (blocks every `ms` besides automine); returns the function that stops it. */
export async function intervalMining(nodes: readonly HardhatNode[], ms: number): Promise<() => Promise<void>> {
  for (const node of nodes) await node.rpc("evm_setIntervalMining", [ms]);
  return async () => {
    for (const node of nodes) await node.rpc("evm_setIntervalMining", [0]);
  };
}
