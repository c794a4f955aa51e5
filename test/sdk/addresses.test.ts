import { expect } from "chai";
import { network } from "hardhat";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import {
  DeploymentManifestError,
  parseManifest,
  serializeManifest,
  withTronAddresses,
  type DeploymentManifest,
} from "../../sdk/src/deployments/index.ts";
import { InvalidAddressError, toTronAddress } from "../../sdk/src/tron/index.ts";
import { depositToPool, getAccount } from "../../sdk/src/payments/index.ts";
import { approveStaking, delegate, getDelegation, getValidator, stake } from "../../sdk/src/staking/index.ts";
import { getHost, setHost } from "../../sdk/src/storage/index.ts";
import { BTT, testParams } from "./staking/support/params.ts";

const params = testParams;

/** Issue 16, item 5: one address type; TRON base58 works in every domain, on the TRON stand-in. */
describe("sdk: TRON base58 addresses in every domain", () => {
  it("stakes, delegates, deposits and registers a host with base58 addresses only; bad checksums are typed errors", async () => {
    const tron = await network.create({ network: "tron" });
    const pub = await tron.viem.getPublicClient();
    const [gov, validator, delegator] = await tron.viem.getWalletClients();
    if (!gov || !validator || !delegator) throw new Error("accounts");
    const mined = async (hash: Promise<`0x${string}`>) => {
      const receipt = await pub.waitForTransactionReceipt({ hash: await hash });
      expect(receipt.status).to.equal("success");
    };
    const token = await tron.viem.deployContract("BTTToken", [gov.account.address]);
    const sm = await tron.viem.deployContract("StakeManager", [token.address, gov.account.address, params]);
    const pool = await tron.viem.deployContract("PaymentChannels", [86_400n]);
    const market = await tron.viem.deployContract("StorageMarket", [token.address, 10n, 1_000n, 2_000n, 2n]);
    const [T_sm, T_token, T_validator, T_delegator, T_pool, T_market] = [
      sm,
      token,
      validator.account,
      delegator.account,
      pool,
      market,
    ].map((c) => toTronAddress(c.address));

    for (const w of [validator, delegator]) {
      await mined(token.write.mint([w.account.address, 2_000n * BTT], { account: gov.account }));
      await mined(approveStaking(w, { token: T_token!, stakeManager: T_sm!, amount: 2n ** 255n }));
    }
    const signer = toTronAddress(privateKeyToAccount(generatePrivateKey()).address);
    await mined(stake(validator, { stakeManager: T_sm!, signer, amount: 1_000n * BTT, commissionBps: 500 }));
    await mined(delegate(delegator, { stakeManager: T_sm!, validator: T_validator!, amount: 10n * BTT }));
    expect(
      (await getDelegation(pub, { stakeManager: T_sm!, validator: T_validator!, delegator: T_delegator! })).stake,
    ).to.equal(10n * BTT);
    expect((await getValidator(pub, { stakeManager: T_sm!, validator: T_validator! })).stake).to.equal(1_010n * BTT);

    await mined(depositToPool(delegator, { pool: T_pool!, amount: 5n }));
    expect((await getAccount(pub, { pool: T_pool!, payer: T_delegator! })).balance).to.equal(5n);

    await mined(
      setHost(validator, {
        market: T_market!,
        capacity: 1n << 30n,
        pricePerGiBPerPeriod: 1n,
        collateralPerGiB: 0n,
        endpoint: "tcp://h:1",
      }),
    );
    expect((await getHost(pub, { market: T_market!, host: T_validator! })).endpoint).to.equal("tcp://h:1");

    const badChecksum = `${T_sm!.slice(0, 33)}${T_sm!.endsWith("a") ? "b" : "a"}` as `T${string}`;
    const error = await delegate(delegator, { stakeManager: badChecksum, validator: T_validator!, amount: 1n }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(InvalidAddressError);
    const mixed = sm.address.replace(/[a-f]/, (c) => c.toUpperCase()) as `0x${string}`;
    expect(
      await delegate(delegator, { stakeManager: mixed, validator: T_validator!, amount: 1n }).catch((e: unknown) => e),
    ).to.be.instanceOf(InvalidAddressError);
  });

  it("a TRON deployment manifest carries base58 addresses, checked against the hex form", () => {
    const address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const manifest = (chainId: number): DeploymentManifest => ({
      version: 1,
      network: "x",
      chainId,
      role: "root",
      deployedAt: "2026-12-06T00:00:00.000Z",
      release: "0.1.0",
      contracts: { token: { address, blockNumber: 1n, contractName: "BTTToken" } },
    });
    const tron = JSON.parse(serializeManifest(withTronAddresses(manifest(3448148188)))) as {
      contracts: { token: { tronAddress: string } };
    };
    expect(tron.contracts.token.tronAddress).to.equal(toTronAddress(address));
    const sepolia = JSON.parse(serializeManifest(withTronAddresses(manifest(11155111)))) as {
      contracts: { token: { tronAddress?: string } };
    };
    expect(parseManifest(serializeManifest(withTronAddresses(manifest(728126428))))).to.deep.equal(
      withTronAddresses(manifest(728126428)),
    );
    expect(sepolia.contracts.token.tronAddress).to.equal(undefined);
    const other = toTronAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    const forged = { ...tron, contracts: { token: { ...tron.contracts.token, tronAddress: other } } };
    expect(() => parseManifest(JSON.stringify(forged))).to.throw(DeploymentManifestError, /tronAddress/);
  });
});
