import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

import { Interface } from "@ethersproject/abi";
import { expect } from "chai";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  erc20Abi,
  getAddress,
  http,
  keccak256,
  parseAbi,
  toHex,
  type Abi,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  buildCheckpoint,
  buildMessageProof,
  childBridgeAbi,
  deposit,
  executeMessage,
  getOutboxMessages,
  submitCheckpoint,
} from "../../sdk/src/bridge/index.ts";
import {
  ContractNotDeployedError,
  contractAddress,
  deployedContract,
  parseManifest,
  serializeManifest,
  type DeploymentManifest,
} from "../../sdk/src/deployments/index.ts";
import {
  buildQuorumProof,
  getVerifierState,
  hashValidatorSet,
  signAll,
  signCheckpoint,
  sortValidatorSet,
} from "../../sdk/src/staking/index.ts";
import { keyOwnedContracts } from "../../deploy/lib/handover.ts";
import { verifyCommands } from "../../deploy/lib/verify.ts";
import { planWiring, wireChild } from "../../deploy/lib/wire.ts";
import { hardhatBin, startHardhatNode, type HardhatNode } from "../support/hardhatNode.ts";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Hardhat's first well-known development key (funded on every `hardhat node`). */
const DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const deployer = privateKeyToAccount(DEV_KEY);
/** Genesis validators of the verifiers on the EVM chains (the staking home is TRON, not deployed here). */
const validators = [0, 1, 2].map((i) => privateKeyToAccount(keccak256(toHex(`btt deploy test validator ${i}`))));
const genesis = sortValidatorSet(validators.map((v) => ({ signer: v.address, power: 10n })));

const networks = {
  bttcDonau: { chainId: 1029, rpcVariable: "BTTC_DONAU_RPC_URL" },
  sepolia: { chainId: 11155111, rpcVariable: "SEPOLIA_RPC_URL" },
  bscTestnet: { chainId: 97, rpcVariable: "BSC_TESTNET_RPC_URL" },
} as const;
type Net = keyof typeof networks;

/**
 * Deploys BTTC Donau, then Sepolia and BSC testnet, to fresh `hardhat node`s carrying their chain
 * ids, through the operator's own commands (`hardhat run deploy/deploy.ts --network <name>` with
 * the RPC URL and key as configuration variables; `deploy/wire.ts`; `deploy/verify.ts`); then the
 * SDK reads the manifests and moves a token from Sepolia to BTTC Donau through the deployed bridge.
 */
describe("deploy to testnets through the operator's commands", function () {
  this.timeout(300_000);
  let outDir: string;
  const nodes = {} as Record<Net, HardhatNode>;
  const manifests = {} as Record<Net, DeploymentManifest>;
  const clients = {} as Record<Net, PublicClient>;
  const deployIds: string[] = [];

  const env = (net: Net, extra: Record<string, string> = {}) => ({
    ...process.env,
    [networks[net].rpcVariable]: nodes[net].url,
    DEPLOYER_PRIVATE_KEY: DEV_KEY,
    HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "1",
    DEPLOY_OUT_DIR: outDir,
    ...extra,
  });
  const deploy = async (net: Net) => {
    const deployId = `test-${net}-${process.pid}`;
    deployIds.push(deployId);
    const { stdout } = await run(hardhatBin, ["run", "--no-compile", "deploy/deploy.ts", "--network", net], {
      cwd: root,
      env: env(net, { DEPLOY_ID: deployId }),
    });
    manifests[net] = parseManifest(await readFile(join(outDir, `${net}.json`), "utf8"));
    return stdout;
  };
  const chainOf = (net: Net) =>
    defineChain({
      id: networks[net].chainId,
      name: net,
      nativeCurrency: { name: "BTT", symbol: "BTT", decimals: 18 },
      rpcUrls: { default: { http: [nodes[net].url] } },
    });
  const walletOf = (net: Net, account = deployer) =>
    createWalletClient({ account, chain: chainOf(net), transport: http(nodes[net].url) });

  before(async () => {
    outDir = await mkdtemp(join(tmpdir(), "btt-deploy-"));
    const started = await Promise.all(
      (Object.keys(networks) as Net[]).map((net) => startHardhatNode(networks[net].chainId)),
    );
    (Object.keys(networks) as Net[]).forEach((net, i) => {
      nodes[net] = started[i] as HardhatNode;
      clients[net] = createPublicClient({ chain: chainOf(net), transport: http(nodes[net].url) });
    });
    // The operator writes the genesis set once (deploy/genesis.ts reads it from the staking home).
    await writeFile(
      join(outDir, "genesis.json"),
      JSON.stringify({
        epoch: "0",
        signers: genesis.map((m) => m.signer),
        powers: genesis.map((m) => m.power.toString()),
      }),
    );
  });
  after(async () => {
    await Promise.all(Object.values(nodes).map((n) => n.stop()));
    await rm(outDir, { recursive: true, force: true });
    for (const id of deployIds)
      await rm(join(root, "deploy", "ignition", "deployments", id), { recursive: true, force: true });
  });

  it("BTTC Donau (chain 1029): messaging, ChildBridge and PaymentChannels; storage waits for its payment token", async () => {
    const stdout = await deploy("bttcDonau");
    expect(stdout).to.contain("skipping storage: needs StorageMarket.token");
    expect(stdout).to.contain("Deploying messaging, bridge, payments to bttcDonau (chain 1029, child)");
    const m = manifests.bttcDonau;
    expect(m).to.include({ network: "bttcDonau", chainId: 1029, role: "child", stakingHome: false });
    expect(Object.keys(m.contracts).sort()).to.deep.equal([
      "childBridge",
      "inbox",
      "outbox",
      "paymentChannels",
      "validatorSet",
    ]);
    // The genesis set is what the verifier commits to.
    const state = await getVerifierState(clients.bttcDonau as never, {
      validatorSet: contractAddress(m, "validatorSet"),
    });
    expect(state).to.deep.include({ epoch: 0n, setHash: hashValidatorSet(genesis), totalPower: 30n });
    expect(() => contractAddress(m, "rootBridge")).to.throw(
      ContractNotDeployedError,
      /No contract "rootBridge" in the bttcDonau deployment/,
    );
  });

  it("Sepolia (11155111) and BSC testnet (97): token, messaging and a RootBridge naming the ChildBridge from Donau's manifest", async () => {
    // One after the other, as an operator would: two concurrent `hardhat run`s in one project race on
    // Hardhat's compile cache (compile-cache.json.tmp renamed by both).
    const sepolia = await deploy("sepolia");
    const bsc = await deploy("bscTestnet");
    expect(sepolia).to.contain("Deploying token, messaging, bridge to sepolia (chain 11155111, root)");
    expect(bsc).to.contain("Deploying token, messaging, bridge to bscTestnet (chain 97, root)");
    const childBridge = contractAddress(manifests.bttcDonau, "childBridge");
    for (const net of ["sepolia", "bscTestnet"] as const) {
      const m = manifests[net];
      expect(m).to.include({ chainId: networks[net].chainId, role: "root" });
      const bridgeAbi = parseAbi([
        "function childBridge() view returns (address)",
        "function childChainId() view returns (uint256)",
        "function owner() view returns (address)",
      ]);
      const bridge = contractAddress(m, "rootBridge");
      expect(
        await clients[net].readContract({ address: bridge, abi: bridgeAbi, functionName: "childBridge" }),
      ).to.equal(childBridge);
      expect(
        await clients[net].readContract({ address: bridge, abi: bridgeAbi, functionName: "childChainId" }),
      ).to.equal(1029n);
      expect(await clients[net].readContract({ address: bridge, abi: bridgeAbi, functionName: "owner" })).to.equal(
        deployer.address,
      );
      // Deployment blocks are exact: code at the block, none before.
      const token = deployedContract(m, "token");
      expect(await clients[net].getCode({ address: token.address, blockNumber: token.blockNumber })).to.not.equal(
        undefined,
      );
      expect(await clients[net].getCode({ address: token.address, blockNumber: token.blockNumber - 1n })).to.equal(
        undefined,
      );
    }
  });

  it("wires the ChildBridge to both roots, and wiring again changes nothing", async () => {
    const first = await run(hardhatBin, ["run", "--no-compile", "deploy/wire.ts", "--network", "bttcDonau"], {
      cwd: root,
      env: env("bttcDonau"),
    });
    expect(first.stdout).to.match(/✓ sepolia \(chain 11155111\): setRootBridge/);
    expect(first.stdout).to.match(/✓ bscTestnet \(chain 97\): setRootBridge/);
    const child = contractAddress(manifests.bttcDonau, "childBridge");
    for (const net of ["sepolia", "bscTestnet"] as const) {
      const set = await clients.bttcDonau.readContract({
        address: child,
        abi: childBridgeAbi,
        functionName: "rootBridgeOf",
        args: [BigInt(networks[net].chainId)],
      });
      expect(set).to.equal(contractAddress(manifests[net], "rootBridge"));
    }
    // Idempotent: the same plan again finds both roots set (the library the command runs).
    const again = await wireChild(
      clients.bttcDonau,
      walletOf("bttcDonau"),
      planWiring(manifests.bttcDonau, [manifests.sepolia, manifests.bscTestnet]),
    );
    expect(again.map((o) => o.status)).to.deep.equal(["already", "already"]);
  });

  it("verification commands carry constructor arguments that re-encode to each creation transaction", async () => {
    const { stdout } = await run(process.execPath, ["deploy/verify.ts", "--manifest", join(outDir, "sepolia.json")], {
      cwd: root,
    });
    const commands = verifyCommands(manifests.sepolia, { root, argsDir: join(outDir, "verify") });
    expect(commands.map((c) => c.key).sort()).to.deep.equal(["inbox", "outbox", "rootBridge", "token", "validatorSet"]);
    for (const command of commands) {
      expect(stdout).to.contain(
        `npx hardhat verify etherscan --network sepolia --contract ${command.contract} --constructor-args-path`,
      );
      expect(command.argv.at(-1)).to.equal(command.address);
      // The module hardhat-verify imports, encoded as it does (ethers' Interface.encodeDeploy).
      const args = ((await import(pathToFileURL(command.argsFile).href)) as { default: unknown[] }).default;
      const [source, name] = command.contract.split(":") as [string, string];
      const artifact = JSON.parse(await readFile(join(root, "artifacts", source, `${name}.json`), "utf8")) as {
        abi: Abi;
        bytecode: string;
      };
      const encoded = new Interface(artifact.abi as never).encodeDeploy(args).slice(2);
      // The creation transaction on the node: the deployment's input is the creation code plus exactly these arguments.
      const entry = deployedContract(manifests.sepolia, command.key);
      const block = await clients.sepolia.getBlock({ blockNumber: entry.blockNumber, includeTransactions: true });
      let input: string | undefined;
      for (const tx of block.transactions) {
        const receipt = await clients.sepolia.getTransactionReceipt({ hash: tx.hash });
        if (
          receipt.contractAddress !== null &&
          receipt.contractAddress !== undefined &&
          getAddress(receipt.contractAddress) === command.address
        )
          input = tx.input;
      }
      expect(input, command.key).to.equal(`${artifact.bytecode}${encoded}`);
    }
  });

  it("the SDK moves a token from Sepolia to BTTC Donau through the deployed bridge, from the manifests alone", async () => {
    const root_ = manifests.sepolia;
    const child = manifests.bttcDonau;
    const wallet = walletOf("sepolia");
    const token = contractAddress(root_, "token");
    const rootBridge = contractAddress(root_, "rootBridge");
    const recipient = privateKeyToAccount(keccak256(toHex("btt deploy test recipient"))).address;
    const tokenAbi = parseAbi(["function mint(address to, uint256 amount)"]);
    const bridgeAbi = parseAbi([
      "function mapToken(address rootToken, bool nativeOnChild, string name, string symbol, uint8 decimals) payable returns (uint256)",
    ]);
    await clients.sepolia.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: token,
        abi: tokenAbi,
        functionName: "mint",
        args: [deployer.address, 10n ** 21n],
      }),
    });
    await clients.sepolia.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: rootBridge,
        abi: bridgeAbi,
        functionName: "mapToken",
        args: [token, false, "BitTorrent (Sepolia)", "BTT_s", 18],
      }),
    });
    const sent = await deposit(wallet, { rootBridge, token, amount: 5n * 10n ** 18n, recipient });
    // The message the ChildBridge expects: from the RootBridge it trusts, to itself, on chain 1029.
    expect(sent.message).to.include({
      sourceChainId: 11155111n,
      destChainId: 1029n,
      sender: rootBridge,
      target: contractAddress(child, "childBridge"),
    });

    // Relay: the genesis validators sign a checkpoint of Sepolia's Outbox (scanned from its deployment block), then both messages execute.
    const endpoints = { outbox: contractAddress(root_, "outbox"), inbox: contractAddress(child, "inbox") };
    const fromBlock = deployedContract(root_, "outbox").blockNumber;
    const checkpoint = await buildCheckpoint(clients.sepolia, clients.bttcDonau, { ...endpoints, fromBlock });
    expect(checkpoint.messageCount).to.equal(2n);
    const proof = buildQuorumProof({
      members: genesis,
      signatures: await signAll(validators, checkpoint, signCheckpoint),
    });
    const relayer = walletOf("bttcDonau");
    await submitCheckpoint(relayer, { inbox: endpoints.inbox, checkpoint, proof });
    const messages = await getOutboxMessages(clients.sepolia, {
      outbox: endpoints.outbox,
      destChainId: 1029n,
      fromBlock,
    });
    for (const message of messages) {
      const built = await buildMessageProof(clients.sepolia, clients.bttcDonau, { ...endpoints, message });
      const result = await executeMessage(relayer, { inbox: endpoints.inbox, proof: built });
      expect(result.delivered, `message ${message.nonce}`).to.equal(true);
    }
    const childToken = await clients.bttcDonau.readContract({
      address: contractAddress(child, "childBridge"),
      abi: childBridgeAbi,
      functionName: "childTokenOf",
      args: [11155111n, token],
    });
    expect(
      await clients.bttcDonau.readContract({
        address: childToken,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [recipient],
      }),
    ).to.equal(5n * 10n ** 18n);
    expect(
      await clients.bttcDonau.readContract({ address: childToken, abi: erc20Abi, functionName: "symbol" }),
    ).to.equal("BTT_s");
  });

  it("governance: a receiver on each chain (Donau obeys the home's timelock, Sepolia and BSC testnet Donau's receiver), every contract handed over, no key owns any", async () => {
    // The staking home is TRON (deployed with TronWeb, not here): a stand-in manifest names its timelock.
    const homeTimelock = getAddress(keccak256(toHex("btt deploy test home timelock")).slice(0, 42));
    await writeFile(
      join(outDir, "nile.json"),
      serializeManifest({
        ...manifests.sepolia,
        network: "nile",
        chainId: 3448148188,
        stakingHome: true,
        contracts: { timelock: { address: homeTimelock, blockNumber: 1n, contractName: "BttTimelock" } },
      }),
    );
    const receiverAbi = parseAbi([
      "function homeChainId() view returns (uint256)",
      "function homeTimelock() view returns (address)",
    ]);
    const governed = async (net: Net) => {
      deployIds.push(`test-${net}-${process.pid}-governance`);
      const { stdout } = await run(hardhatBin, ["run", "--no-compile", "deploy/governance.ts", "--network", net], {
        cwd: root,
        env: env(net, { DEPLOY_ID: `test-${net}-${process.pid}`, GOVERNANCE_HANDOVER: "1" }),
      });
      expect(stdout).to.match(new RegExp(`no contract of ${net} is owned by a key`));
      manifests[net] = parseManifest(await readFile(join(outDir, `${net}.json`), "utf8"));
      const receiver = contractAddress(manifests[net], "governanceReceiver");
      const read = <F extends "homeChainId" | "homeTimelock">(functionName: F) =>
        clients[net].readContract({ address: receiver, abi: receiverAbi, functionName });
      return { receiver, obeys: [await read("homeChainId"), await read("homeTimelock")] as const };
    };
    const donau = await governed("bttcDonau");
    expect(donau.obeys).to.deep.equal([3448148188n, homeTimelock]);
    for (const net of ["sepolia", "bscTestnet"] as const) {
      const r = await governed(net);
      expect(r.obeys, net).to.deep.equal([1029n, donau.receiver]);
      expect(await keyOwnedContracts(clients[net], manifests[net]), net).to.deep.equal([]);
      expect(
        await clients[net].readContract({
          address: contractAddress(manifests[net], "rootBridge"),
          abi: parseAbi(["function owner() view returns (address)"]),
          functionName: "owner",
        }),
      ).to.equal(r.receiver);
    }
    expect(await keyOwnedContracts(clients.bttcDonau, manifests.bttcDonau)).to.deep.equal([]);
    // A second run finds the receiver and hands over nothing more.
    const again = await run(hardhatBin, ["run", "--no-compile", "deploy/governance.ts", "--network", "sepolia"], {
      cwd: root,
      env: env("sepolia", { GOVERNANCE_HANDOVER: "1" }),
    });
    expect(again.stdout).to.match(/already has its governance contracts/);
    expect(again.stdout).not.to.match(/✓/);
  });

  it("refuses to trust an Ignition journal written for a node that was reset", async () => {
    // A fresh node with BSC testnet's chain id, deployed to under the journal of the first one.
    const reset = await startHardhatNode(97);
    let error: { stderr?: string; stdout?: string } | undefined;
    try {
      await run(hardhatBin, ["run", "--no-compile", "deploy/deploy.ts", "--network", "bscTestnet"], {
        cwd: root,
        env: {
          ...env("bscTestnet"),
          BSC_TESTNET_RPC_URL: reset.url,
          DEPLOY_ID: `test-bscTestnet-${process.pid}`,
          DEPLOY_OUT_DIR: join(outDir, "reset"),
          DEPLOY_GENESIS: join(outDir, "genesis.json"),
          DEPLOY_CHILD_MANIFEST: join(outDir, "bttcDonau.json"),
        },
      }).catch((e: { stderr?: string; stdout?: string }) => (error = e));
    } finally {
      await reset.stop();
    }
    expect(`${error?.stderr ?? ""}${error?.stdout ?? ""}`).to.match(
      /no code at 0x[0-9a-fA-F]{40} although Ignition reports it deployed/,
    );
  });

  it("refuses a node whose chain id does not match the network", async () => {
    let error: { stderr?: string; stdout?: string } | undefined;
    // The BSC testnet node (chain 97) given as Sepolia's RPC URL.
    await run(hardhatBin, ["run", "--no-compile", "deploy/deploy.ts", "--network", "sepolia"], {
      cwd: root,
      env: { ...env("sepolia"), SEPOLIA_RPC_URL: nodes.bscTestnet.url, DEPLOY_ID: `test-wrong-${process.pid}` },
    }).catch((e: { stderr?: string; stdout?: string }) => (error = e));
    deployIds.push(`test-wrong-${process.pid}`);
    expect(`${error?.stderr ?? ""}${error?.stdout ?? ""}`).to.match(
      /sepolia should have chain id 11155111 but the RPC reports 97/,
    );
  });
});
