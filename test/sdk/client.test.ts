import { expect } from "chai";
import { network } from "hardhat";
import { custom } from "viem";

import { bnb, bscTestnet, bttc, bttcDonau, ethereum, nile, sepolia, shasta, tron } from "../../sdk/src/chains/index.ts";
import { createBttClient } from "../../sdk/src/client/index.ts";
import { type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import { InvalidArgumentError, prepareContractWrite } from "../../sdk/src/index.ts";
import { NoWithdrawalPlannedError, paymentChannelsAbi } from "../../sdk/src/payments/index.ts";
import { paymentsRevert } from "../../sdk/src/payments/errors.ts";
import { ManifestChainMismatchError } from "../../sdk/src/deployments/index.ts";

/** Issue 16, items 4 and 7: every domain has a decorator; one call builds them all from a manifest. */
describe("sdk/client: createBttClient from a manifest", () => {
  it("binds payments and storage to the manifest's contracts, leaves absent domains undefined, and refuses writes without an account", async () => {
    const bttc = await network.create({ network: "bttc" });
    const [owner, host] = await bttc.viem.getWalletClients();
    if (!owner || !host) throw new Error("accounts");
    const pub = await bttc.viem.getPublicClient();
    const token = await bttc.viem.deployContract("BTTToken", [owner.account.address]);
    const pool = await bttc.viem.deployContract("PaymentChannels", [86_400n]);
    const market = await bttc.viem.deployContract("StorageMarket", [token.address, 10n, 1_000n, 2_000n, 2n]);
    const manifest: DeploymentManifest = {
      version: 1,
      network: "bttc",
      chainId: 199,
      role: "child",
      deployedAt: "2026-12-06T00:00:00.000Z",
      release: "test",
      contracts: {
        token: { address: token.address, blockNumber: 1n, contractName: "BTTToken" },
        paymentChannels: { address: pool.address, blockNumber: 1n, contractName: "PaymentChannels" },
        storageMarket: { address: market.address, blockNumber: 1n, contractName: "StorageMarket" },
      },
    };
    const transport = custom(bttc.provider);
    const btt = createBttClient({ manifest, transport, account: host.account.address });
    expect(btt.chain.id).to.equal(199);
    expect(btt.staking).to.equal(undefined);
    expect(btt.bridge).to.equal(undefined);

    await pub.waitForTransactionReceipt({ hash: await btt.payments!.depositToPool({ amount: 7n }) });
    expect((await btt.payments!.getAccount({ payer: host.account.address })).balance).to.equal(7n);
    await pub.waitForTransactionReceipt({
      hash: await btt.storage!.setHost({
        capacity: 1n << 30n,
        pricePerGiBPerPeriod: 1n,
        collateralPerGiB: 0n,
        endpoint: "tcp://h:1",
      }),
    });
    expect((await btt.storage!.getHost({ host: host.account.address })).capacity).to.equal(1n << 30n);

    const reader = createBttClient({ manifest, transport });
    expect((await reader.payments!.getAccount({ payer: host.account.address })).balance).to.equal(7n);
    const refused = await reader.payments!.depositToPool({ amount: 1n }).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(InvalidArgumentError);
    expect((refused as Error).message).to.match(/needs a client with an account/);

    expect(() => createBttClient({ manifest: { ...manifest, chainId: 424242 }, transport })).to.throw(
      InvalidArgumentError,
      /424242/,
    );
    expect(() => createBttClient({ manifest, transport, chain: { ...btt.chain, id: 1 } })).to.throw(
      ManifestChainMismatchError,
    );
  });

  it("prepareContractWrite returns a simulated request a wallet signs, and the typed error instead when it would revert", async () => {
    const bttc = await network.create({ network: "bttc" });
    const [payer] = await bttc.viem.getWalletClients();
    if (!payer) throw new Error("accounts");
    const pub = await bttc.viem.getPublicClient();
    const pool = await bttc.viem.deployContract("PaymentChannels", [86_400n]);
    const request = await prepareContractWrite(
      payer,
      { address: pool.address, abi: paymentChannelsAbi, functionName: "depositNative", args: [], value: 9n },
      paymentsRevert,
    );
    expect(await pub.getBalance({ address: pool.address })).to.equal(0n); // nothing sent yet
    await pub.waitForTransactionReceipt({ hash: await payer.writeContract(request) });
    expect(await pub.getBalance({ address: pool.address })).to.equal(9n);
    const refused = await prepareContractWrite(
      payer,
      { address: pool.address, abi: paymentChannelsAbi, functionName: "withdraw", args: [payer.account.address] },
      paymentsRevert,
    ).catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(NoWithdrawalPlannedError);
  });
});

/** Issue 16, item 7: one call covers every domain a manifest's contracts allow, on every chain of the table. */
describe("sdk/client: every domain from one manifest", () => {
  const at = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as `0x${string}`;
  const contract = (name: string, n: number) => ({ address: at(n), blockNumber: 1n, contractName: name });
  const every = {
    token: contract("BTTToken", 1),
    stakeManager: contract("StakeManager", 2),
    validatorSet: contract("ValidatorSet", 3),
    inbox: contract("Inbox", 4),
    outbox: contract("Outbox", 5),
    rootBridge: contract("RootBridge", 6),
    childBridge: contract("ChildBridge", 7),
    storageMarket: contract("StorageMarket", 8),
    paymentChannels: contract("PaymentChannels", 9),
  };
  const manifestOn = (chainId: number, contracts: Partial<typeof every>): DeploymentManifest => ({
    version: 1,
    network: "n",
    chainId,
    role: "root",
    deployedAt: "2026-12-06T00:00:00.000Z",
    release: "test",
    contracts,
  });
  const transport = custom({ request: async () => null });

  it("builds staking, validatorSet, bridge (deposit, withdraw, exit), storage and payments, each with prepare and waitForWrite", () => {
    const btt = createBttClient({ manifest: manifestOn(199, every), transport });
    for (const domain of ["staking", "validatorSet", "bridge", "storage", "payments"] as const) {
      const actions = btt[domain] as unknown as { prepare: object; waitForWrite: unknown } | undefined;
      expect(actions, domain).to.not.equal(undefined);
      expect(actions!.waitForWrite, `${domain}.waitForWrite`).to.be.a("function");
      expect(Object.keys(actions!.prepare).length, `${domain}.prepare`).to.be.greaterThan(0);
    }
    expect(btt.bridge!.deposit).to.be.a("function");
    expect(btt.bridge!.withdraw).to.be.a("function");
    expect(btt.bridge!.exit).to.be.a("function");
    expect(btt.validatorSet!.getVerifierState).to.be.a("function");
  });

  it("leaves out exactly the domains whose contracts the manifest lacks", () => {
    const { stakeManager: _s, storageMarket: _m, paymentChannels: _p, rootBridge: _r, ...rootOnly } = every;
    const btt = createBttClient({ manifest: manifestOn(1, rootOnly), transport });
    expect([btt.staking, btt.storage, btt.payments]).to.deep.equal([undefined, undefined, undefined]);
    expect(btt.validatorSet).to.not.equal(undefined);
    expect(btt.bridge!.deposit).to.equal(undefined);
    expect(btt.bridge!.withdraw).to.be.a("function");
  });

  it("works for every chain of the table: BTTC, Donau, TRON, Nile, Shasta, Ethereum, Sepolia, BNB, BSC testnet", () => {
    for (const chain of [bttc, bttcDonau, tron, nile, shasta, ethereum, sepolia, bnb, bscTestnet]) {
      const btt = createBttClient({ manifest: manifestOn(chain.id, every), transport });
      expect(btt.chain.id, chain.name).to.equal(chain.id);
      expect(btt.staking, chain.name).to.not.equal(undefined);
    }
  });
});
