import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, parseAbi, type Address, type PublicClient, type WalletClient } from "viem";

import { contractAddress, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import { deployNetwork } from "../../deploy/lib/deployNetwork.ts";
import { withGenesis } from "../../deploy/lib/genesis.ts";
import {
  deployGovernance,
  devnetGovernanceSettings as settings,
  governanceKeys,
  handOver,
  keyOwnedContracts,
  ownerOf,
} from "../../deploy/lib/handover.ts";

const genesis = {
  epoch: 1n,
  signers: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"] as Address[],
  powers: [1n, 2n],
};
const stakingParams = {
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
const DEFAULT_ADMIN_ROLE = `0x${"00".repeat(32)}` as const;
const hasRoleAbi = [
  {
    type: "function",
    name: "hasRole",
    stateMutability: "view",
    inputs: [
      { name: "role", type: "bytes32" },
      { name: "account", type: "address" },
    ],
    outputs: [{ type: "bool" }],
  },
] as const;

interface Viem {
  getPublicClient(): Promise<PublicClient>;
  getWalletClients(): Promise<WalletClient[]>;
}

/** No contract of `manifest` is owned by an account without code (an EOA) after the handover. */
async function assertNoKeyOwns(client: PublicClient, manifest: DeploymentManifest): Promise<number> {
  expect(await keyOwnedContracts(client, manifest), manifest.network).to.deep.equal([]);
  let owned = 0;
  for (const [key, c] of Object.entries(manifest.contracts)) {
    const owner = await ownerOf(client, getAddress(c.address));
    if (owner === undefined) continue;
    owned += 1;
    const code = await client.getCode({ address: owner });
    expect(code ?? "0x", `${manifest.network} ${key} is owned by ${owner}, which has no code`).to.not.equal("0x");
    expect(getAddress(owner), `${manifest.network} ${key}`).to.equal(
      contractAddress(manifest, governanceKeys.receiver),
    );
  }
  return owned;
}

const governedAbi = parseAbi([
  "function homeChainId() view returns (uint256)",
  "function homeTimelock() view returns (address)",
  "function inbox() view returns (address)",
]);

/** Whom a chain's receiver obeys: (chain id, sender). */
async function obeys(client: PublicClient, manifest: DeploymentManifest): Promise<[bigint, Address, Address]> {
  const address = contractAddress(manifest, governanceKeys.receiver);
  const read = <F extends "homeChainId" | "homeTimelock" | "inbox">(functionName: F) =>
    client.readContract({ address, abi: governedAbi, functionName });
  return [await read("homeChainId"), getAddress(await read("homeTimelock")), getAddress(await read("inbox"))];
}

describe("governance deployment and handover on in-process chains", function () {
  this.timeout(240_000);

  it("deploys governance on the home, receivers on BTTC, Ethereum and BNB Chain, hands every owned contract over on the four chains, leaves no key owning anything", async () => {
    const conns = {
      bttc: await network.create({ network: "bttc" }),
      tron: await network.create({ network: "tron" }),
      ethereum: await network.create({ network: "ethereum" }),
      bnb: await network.create({ network: "bnb" }),
    };
    const viemOf = (name: keyof typeof conns) => (conns[name] as unknown as { viem: Viem }).viem;

    let bttc = await deployNetwork(conns.bttc, {
      parameters: withGenesis({ Messaging: { maxAge: 3600 }, StorageMarket: { token: genesis.signers[0] } }, genesis),
    });
    let tron = await deployNetwork(conns.tron, {
      parameters: { Staking: { params: stakingParams } },
      childManifest: bttc,
    });
    const roots: Record<"ethereum" | "bnb", DeploymentManifest> = {
      ethereum: await deployNetwork(conns.ethereum, {
        parameters: withGenesis({ Messaging: { maxAge: 3600 } }, genesis),
        childManifest: bttc,
      }),
      bnb: await deployNetwork(conns.bnb, {
        parameters: withGenesis({ Messaging: { maxAge: 3600 } }, genesis),
        childManifest: bttc,
      }),
    };

    tron = await deployGovernance(conns.tron, tron, { settings });
    // A root that is not the home obeys BTTC's receiver: without BTTC's manifest it is refused before anything is sent.
    let refused: unknown;
    await deployGovernance(conns.ethereum, roots.ethereum, { homeManifest: tron }).catch((e: unknown) => (refused = e));
    expect(String(refused)).to.match(/ethereum and the home tron are both root chains: pass BTTC's manifest/);
    bttc = await deployGovernance(conns.bttc, bttc, { homeManifest: tron });
    for (const name of ["ethereum", "bnb"] as const)
      roots[name] = await deployGovernance(conns[name], roots[name], { homeManifest: tron, childManifest: bttc });
    for (const key of Object.values(governanceKeys)) expect(tron.contracts[key], key).to.not.equal(undefined);
    for (const m of [bttc, roots.ethereum, roots.bnb])
      expect(Object.keys(m.contracts)).to.include(governanceKeys.receiver);

    const clients = {
      tron: await viemOf("tron").getPublicClient(),
      bttc: await viemOf("bttc").getPublicClient(),
      ethereum: await viemOf("ethereum").getPublicClient(),
      bnb: await viemOf("bnb").getPublicClient(),
    };
    // Who obeys whom: BTTC the home timelock (TRON, 728126428), Ethereum and BNB Chain BTTC's receiver (199).
    expect(await obeys(clients.bttc, bttc)).to.deep.equal([
      BigInt(tron.chainId),
      contractAddress(tron, governanceKeys.timelock),
      contractAddress(bttc, "inbox"),
    ]);
    for (const name of ["ethereum", "bnb"] as const)
      expect(await obeys(clients[name], roots[name]), name).to.deep.equal([
        199n,
        contractAddress(bttc, governanceKeys.receiver),
        contractAddress(roots[name], "inbox"),
      ]);

    const manifests = { tron, bttc, ethereum: roots.ethereum, bnb: roots.bnb };
    // Before the handover the deployer key owns the network's contracts on every chain.
    for (const [name, manifest] of Object.entries(manifests))
      expect((await keyOwnedContracts(clients[name as keyof typeof clients], manifest)).length, name).to.be.greaterThan(
        0,
      );
    const tronWallet = (await viemOf("tron").getWalletClients())[0]!;
    for (const [name, manifest] of Object.entries(manifests)) {
      const chain = name as keyof typeof conns;
      const client = clients[chain];
      const wallet = (await viemOf(chain).getWalletClients())[0]!;
      const outcomes = await handOver(client, wallet, manifest);
      expect(outcomes.filter((o) => o.status === "other-owner")).to.deep.equal([]);
      expect(outcomes.some((o) => o.status === "handed")).to.equal(true);
      // Twice is harmless: everything is already handed over.
      expect((await handOver(client, wallet, manifest)).every((o) => o.status === "already")).to.equal(true);
    }

    // Walk every manifest of the four chains: each Ownable contract is owned by the chain's receiver, never by a key.
    const owned = {
      tron: await assertNoKeyOwns(clients.tron, tron),
      bttc: await assertNoKeyOwns(clients.bttc, bttc),
      ethereum: await assertNoKeyOwns(clients.ethereum, roots.ethereum),
      bnb: await assertNoKeyOwns(clients.bnb, roots.bnb),
    };
    expect(owned.tron).to.be.greaterThanOrEqual(3); // token, StakeManager, RootBridge
    expect(owned.bttc).to.be.greaterThanOrEqual(1); // ChildBridge
    expect(owned.ethereum).to.be.greaterThanOrEqual(1); // RootBridge
    expect(owned.bnb).to.be.greaterThanOrEqual(1); // RootBridge

    // The timelock administers itself: the deployer kept no admin role; the Governor proposes.
    const [client, wallet] = [clients.tron, tronWallet];
    const timelock = contractAddress(tron, governanceKeys.timelock);
    const deployerIsAdmin = await client.readContract({
      address: timelock,
      abi: hasRoleAbi,
      functionName: "hasRole",
      args: [DEFAULT_ADMIN_ROLE, wallet.account!.address],
    });
    expect(deployerIsAdmin).to.equal(false);
    const timelockIsAdmin = await client.readContract({
      address: timelock,
      abi: hasRoleAbi,
      functionName: "hasRole",
      args: [DEFAULT_ADMIN_ROLE, timelock],
    });
    expect(timelockIsAdmin).to.equal(true);
    for (const c of Object.values(conns)) await c.close();
  });
});
