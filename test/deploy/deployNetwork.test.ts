import { expect } from "chai";
import { network } from "hardhat";
import { decodeFunctionData, getAddress, type Address } from "viem";

import { childBridgeAbi } from "../../sdk/src/bridge/index.ts";
import { contractAddress, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import { deployNetwork } from "../../deploy/lib/deployNetwork.ts";
import { fetchGenesis, withGenesis } from "../../deploy/lib/genesis.ts";
import { planWiring, wireChild } from "../../deploy/lib/wire.ts";

const signers = ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"] as const;
const genesis = { epoch: 3n, signers: [...signers] as Address[], powers: [1n, 2n] };

/**
 * deployNetwork() as a library (what the local devnet calls) on in-process chains, and the wiring
 * step when the deployer does not own the ChildBridge (calldata for the owner instead of a send).
 */
describe("deployNetwork() and wiring on in-process chains", function () {
  this.timeout(120_000);

  it("deploys the staking home (TRON stand-in): token, StakeManager, synced ValidatorSet, Inbox on it, RootBridge", async () => {
    const connection = await network.create({ network: "tron" });
    const lines: string[] = [];
    const child: DeploymentManifest = {
      version: 1,
      network: "bttc",
      chainId: 199,
      role: "child",
      deployedAt: new Date().toISOString(),
      release: "t",
      contracts: {
        childBridge: {
          address: "0x00000000000000000000000000000000000c4b1d",
          blockNumber: 1n,
          contractName: "ChildBridge",
        },
      },
    };
    const params = {
      epochLength: 5,
      maxValidators: 4,
      unbondingEpochs: 241,
      jailEpochs: 2,
      slashBps: 1000,
      bountyBps: 1000,
      minSelfStake: "1000000000000000000000",
      rewardPerEpoch: "0",
      setMaxAge: 3600,
    };
    const manifest = await deployNetwork(connection, {
      parameters: { Staking: { params } },
      childManifest: child,
      log: (l) => lines.push(l),
    });
    expect(lines[0]).to.equal(
      "Deploying token, staking, messaging, bridge to tron (chain 728126428, root, staking home)",
    );
    expect(Object.keys(manifest.contracts)).to.deep.equal([
      "token",
      "stakeManager",
      "validatorSet",
      "inbox",
      "outbox",
      "rootBridge",
    ]);
    const { viem } = connection as unknown as {
      viem: {
        getContractAt(
          name: string,
          a: Address,
        ): Promise<{ read: Record<string, (args?: unknown[]) => Promise<unknown>> }>;
      };
    };
    const vs = await viem.getContractAt("ValidatorSet", contractAddress(manifest, "validatorSet"));
    expect(getAddress((await vs.read.stakeManager!()) as string)).to.equal(contractAddress(manifest, "stakeManager"));
    const inbox = await viem.getContractAt("Inbox", contractAddress(manifest, "inbox"));
    expect(getAddress((await inbox.read.validatorSet!()) as string)).to.equal(
      contractAddress(manifest, "validatorSet"),
    );
    const bridge = await viem.getContractAt("RootBridge", contractAddress(manifest, "rootBridge"));
    expect(getAddress((await bridge.read.childBridge!()) as string)).to.equal(
      getAddress(child.contracts.childBridge!.address),
    );
    expect(manifest.contracts.stakeManager?.constructorArgs?.[2]).to.deep.equal(params);
    await connection.close();
  });

  it("records every contract a dependent-only selection uses (TRON's bridge added to the home's modules)", async () => {
    const connection = await network.create({ network: "tron" });
    const child: DeploymentManifest = {
      version: 1,
      network: "bttc",
      chainId: 199,
      role: "child",
      deployedAt: new Date().toISOString(),
      release: "t",
      contracts: {
        childBridge: {
          address: "0x00000000000000000000000000000000000c4b1d",
          blockNumber: 1n,
          contractName: "ChildBridge",
        },
      },
    };
    const params = {
      epochLength: 5,
      maxValidators: 4,
      unbondingEpochs: 241,
      jailEpochs: 2,
      slashBps: 1000,
      bountyBps: 1000,
      minSelfStake: "1000000000000000000000",
      rewardPerEpoch: "0",
      setMaxAge: 3600,
    };
    const manifest = await deployNetwork(connection, {
      modules: ["bridge"],
      parameters: { Staking: { params } },
      childManifest: child,
    });
    expect(Object.keys(manifest.contracts)).to.deep.equal([
      "token",
      "stakeManager",
      "validatorSet",
      "inbox",
      "outbox",
      "rootBridge",
    ]);
    const [outbox, inbox] = manifest.contracts.rootBridge!.constructorArgs as string[];
    expect([outbox, inbox]).to.deep.equal([contractAddress(manifest, "outbox"), contractAddress(manifest, "inbox")]);
    expect(manifest.contracts.inbox!.constructorArgs).to.deep.equal([contractAddress(manifest, "validatorSet")]);
    await connection.close();
  });

  it("explains missing parameters before sending anything, and refuses an unknown module", async () => {
    const connection = await network.create({ network: "ethereum" });
    let error: unknown;
    await deployNetwork(connection, {}).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(
      /module messaging needs parameter\(s\) Messaging\.genesisEpoch, Messaging\.signers, Messaging\.powers, Messaging\.maxAge for ethereum/,
    );
    error = undefined;
    await deployNetwork(connection, { modules: ["token", "oracle"] }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/Unknown module\(s\) oracle/);
    expect(await connection.provider.request({ method: "eth_blockNumber" })).to.equal("0x0");
    await connection.close();
  });

  it("wiring: calldata for the owner when the deployer does not own the ChildBridge, a send when it does, nothing the second time", async () => {
    const connection = await network.create({ network: "bttc" });
    const { viem } = connection as unknown as {
      viem: { getWalletClients(): Promise<unknown[]>; getPublicClient(): Promise<unknown> };
    };
    const [deployer, owner] = (await viem.getWalletClients()) as { account: { address: Address } }[];
    const parameters = withGenesis(
      {
        Messaging: { maxAge: 86_400 },
        ChildBridge: { owner: owner!.account.address },
        StorageMarket: { token: signers[0] },
      },
      genesis,
    );
    const child = await deployNetwork(connection, { parameters });
    expect(Object.keys(child.contracts)).to.include.members(["childBridge", "storageMarket", "paymentChannels"]);
    const root: DeploymentManifest = {
      version: 1,
      network: "ethereum",
      chainId: 1,
      role: "root",
      deployedAt: new Date().toISOString(),
      release: "t",
      contracts: {
        rootBridge: {
          address: "0x00000000000000000000000000000000000b0001",
          blockNumber: 1n,
          contractName: "RootBridge",
          constructorArgs: ["0x01", "0x02", "199", contractAddress(child, "childBridge"), signers[0], "0"],
        },
      },
    };
    const calls = planWiring(child, [root]);
    const client = (await viem.getPublicClient()) as never;

    // deploy/genesis.ts's reader: the set a verifier holds, from its last ValidatorSetUpdated, checked against its hash.
    // (This verifier holds a genesis set; on the staking home it is the set synced from the StakeManager.)
    expect(await fetchGenesis(client, { ...child, stakingHome: true })).to.deep.equal(genesis);
    let refused: unknown;
    await fetchGenesis(client, child).catch((e: unknown) => (refused = e));
    expect(String(refused)).to.match(/bttc is not the staking home/);

    const pending = await wireChild(client, deployer as never, calls);
    expect(pending).to.have.length(1);
    expect(pending[0]).to.include({ status: "owner-must-send", owner: getAddress(owner!.account.address) });
    const decoded = decodeFunctionData({ abi: childBridgeAbi, data: calls[0]!.data });
    expect(decoded).to.deep.equal({
      functionName: "setRootBridge",
      args: [1n, "0x00000000000000000000000000000000000B0001"],
    });

    const sent = await wireChild(client, owner as never, calls);
    expect(sent[0]?.status).to.equal("sent");
    expect((await wireChild(client, owner as never, calls))[0]?.status).to.equal("already");
    const other = [{ ...calls[0]!, rootBridge: "0x00000000000000000000000000000000000b0002" as Address }];
    let error: unknown;
    await wireChild(client, owner as never, other).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/ChildBridge already has 0x0{35}B0001 for chain 1 \(ethereum\).*cannot be changed/);

    // A root whose RootBridge names another child is refused before anything is planned.
    const stray = {
      ...root,
      contracts: {
        rootBridge: {
          ...root.contracts.rootBridge!,
          constructorArgs: ["0x01", "0x02", "1029", contractAddress(child, "childBridge"), signers[0], "0"],
        },
      },
    };
    expect(() => planWiring(child, [stray])).to.throw(/names chain 1029/);
    await connection.close();
  });
});
