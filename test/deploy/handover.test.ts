import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Address, type PublicClient, type WalletClient } from "viem";

import { contractAddress, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import { deployNetwork } from "../../deploy/lib/deployNetwork.ts";
import { withGenesis } from "../../deploy/lib/genesis.ts";
import { deployGovernance, governanceKeys, handOver, ownerOf } from "../../deploy/lib/handover.ts";

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
const settings = {
  votingDelay: 1n,
  votingPeriod: 20n,
  proposalThreshold: 10n ** 18n,
  quorumPercent: 4n,
  timelockDelay: 60n,
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

describe("governance deployment and handover on in-process chains", function () {
  this.timeout(180_000);

  it("deploys governance on the home and a receiver on BTTC, hands every owned contract over, leaves no key owning anything", async () => {
    const bttcConn = await network.create({ network: "bttc" });
    const tronConn = await network.create({ network: "tron" });
    const bttcViem = (bttcConn as unknown as { viem: Viem }).viem;
    const tronViem = (tronConn as unknown as { viem: Viem }).viem;

    let bttc = await deployNetwork(bttcConn, {
      parameters: withGenesis({ Messaging: { maxAge: 3600 }, StorageMarket: { token: genesis.signers[0] } }, genesis),
    });
    let tron = await deployNetwork(tronConn, {
      parameters: { Staking: { params: stakingParams } },
      childManifest: bttc,
    });

    tron = await deployGovernance(tronConn, tron, { settings });
    bttc = await deployGovernance(bttcConn, bttc, { homeManifest: tron });
    for (const key of Object.values(governanceKeys)) expect(tron.contracts[key], key).to.not.equal(undefined);
    expect(Object.keys(bttc.contracts)).to.include(governanceKeys.receiver);

    const tronClient = await tronViem.getPublicClient();
    const tronWallet = (await tronViem.getWalletClients())[0]!;
    const bttcClient = await bttcViem.getPublicClient();
    const manifests: [DeploymentManifest, PublicClient, WalletClient][] = [
      [tron, tronClient, tronWallet],
      [bttc, bttcClient, (await bttcViem.getWalletClients())[0]!],
    ];
    for (const [manifest, client, wallet] of manifests) {
      const outcomes = await handOver(client, wallet, manifest);
      expect(outcomes.filter((o) => o.status === "other-owner")).to.deep.equal([]);
      expect(outcomes.some((o) => o.status === "handed")).to.equal(true);
      // Twice is harmless: everything is already handed over.
      expect((await handOver(client, wallet, manifest)).every((o) => o.status === "already")).to.equal(true);
    }

    // Walk every manifest: each Ownable contract is owned by the chain's receiver, never by a key.
    const ownedOnTron = await assertNoKeyOwns(tronClient, tron);
    const ownedOnBttc = await assertNoKeyOwns(bttcClient, bttc);
    expect(ownedOnTron).to.be.greaterThanOrEqual(3); // token, StakeManager, RootBridge
    expect(ownedOnBttc).to.be.greaterThanOrEqual(1); // ChildBridge

    // The timelock administers itself: the deployer kept no admin role; the Governor proposes.
    const [client, wallet] = [tronClient, tronWallet];
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
    await bttcConn.close();
    await tronConn.close();
  });
});
