import { expect } from "chai";
import { network } from "hardhat";
import { custom } from "viem";

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
