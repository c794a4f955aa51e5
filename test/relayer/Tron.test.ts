import { createHash } from "node:crypto";

import { expect } from "chai";
import { TronWeb, utils as tronUtils } from "tronweb";
import { encodeFunctionData, erc20Abi, recoverAddress, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { toTronAddress } from "../../sdk/src/tron/index.ts";
import { createChainClient } from "../../relayer/src/chain/client.ts";
import { resolveKey } from "../../relayer/src/config/keys.ts";
import { chainSchema } from "../../relayer/src/config/schema.ts";
import type { TxRow } from "../../relayer/src/store/types.ts";
import { classifySendError } from "../../relayer/src/tx/classify.ts";
import { decodeTransaction, TronSender, type TronWebLike } from "../../relayer/src/tx/tron/TronSender.ts";
import { SimulationRevertedError } from "../../relayer/src/tx/types.ts";

const KEY = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63" as const;
const TOKEN = "0xa614f803b6fd780986a42c78ec9c7f77e6ded13c" as Address; // USDT's TRC-20 address bytes on mainnet
const RECIPIENT = "0x00000000000000000000000000000000000000aa" as Address;
const BLOCK_ID = "0x0000000003b1f9a2c7d1e0f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e" as Hex;

function sender(tronWeb?: TronWebLike, cap = 100_000_000n) {
  const config = chainSchema.parse({
    rpcUrl: "http://127.0.0.1:9/jsonrpc",
    tron: { fullHost: "http://127.0.0.1:9", feeLimitCapSun: String(cap), energyMarginPercent: 30 },
  });
  const offline = new TronWeb({ fullHost: "http://127.0.0.1:9" }) as unknown as TronWebLike;
  return new TronSender("nile", 3448148188, config, createChainClient(config), {
    tronWeb: tronWeb ?? offline,
    expirationMs: 120_000,
    referenceBlock: async () => ({ number: 0x3b1f9a2, hash: BLOCK_ID, timestampMs: 1_700_000_000_000 }),
  });
}

function row(over: Partial<TxRow> = {}): TxRow {
  return {
    id: 1,
    duty: "payout",
    recordId: "r1",
    chain: "nile",
    sender: privateKeyToAccount(KEY).address,
    nonce: null,
    to: TOKEN,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [RECIPIENT, 5_000_000n] }),
    value: 0n,
    gas: 13_650_000n,
    hash: null,
    raw: null,
    status: "intended",
    success: null,
    blockNumber: null,
    blockHash: null,
    sentAt: null,
    bumps: 0,
    error: null,
    createdAt: 0,
    ...over,
  };
}

describe("Relayer TRON sender (TronWeb, offline)", function () {
  const key = resolveKey("payer", {}, "/", { BTT_RELAYER_KEY_PAYER: KEY });

  it("builds a TriggerSmartContract with the intent's call data, TAPOS and fee limit, and signs it with the key", async function () {
    const signed = await sender().sign(row(), {}, key);
    const tx = decodeTransaction(signed.raw);
    const contract = tx.raw_data.contract[0]!;
    expect(tx.raw_data.contract).to.have.length(1);
    expect(contract.type).to.equal("TriggerSmartContract");
    expect(contract.parameter.value).to.deep.equal({
      data: row().data.slice(2),
      owner_address: `41${key.address.slice(2).toLowerCase()}`,
      contract_address: `41${TOKEN.slice(2)}`,
    });
    expect(tx.raw_data.fee_limit).to.equal(13_650_000);
    expect(signed.feeLimit).to.equal(13_650_000n);
    expect(tx.raw_data.ref_block_bytes).to.equal("f9a2");
    expect(tx.raw_data.ref_block_hash).to.equal(BLOCK_ID.slice(18, 34));
    expect(tx.raw_data.expiration).to.equal(1_700_000_120_000);
    // The protobuf bytes say the same as the JSON, and the id is their SHA-256.
    expect(tronUtils.transaction.txPbToRawDataHex(tronUtils.transaction.txJsonToPb(tx)).toLowerCase()).to.equal(
      tx.raw_data_hex,
    );
    expect(tx.txID).to.equal(createHash("sha256").update(Buffer.from(tx.raw_data_hex, "hex")).digest("hex"));
    expect(signed.hash).to.equal(`0x${tx.txID}`);
    // secp256k1 over the txID, no prefix: recovers to the key's address (TRON form T...).
    const signer = await recoverAddress({ hash: signed.hash, signature: `0x${tx.signature![0]}` });
    expect(signer).to.equal(key.address);
    expect(toTronAddress(signer)).to.equal(key.tronAddress);
    expect(TronWeb.address.fromHex(contract.parameter.value.owner_address as string)).to.equal(key.tronAddress);
  });

  it("budgets the fee limit from energy x price + margin, and refuses budgets above the cap", function () {
    expect(sender().feeLimitFor(50_000n, 210n)).to.equal(13_650_000n);
    expect(() => sender(undefined, 10_000_000n).feeLimitFor(50_000n, 210n))
      .to.throw(SimulationRevertedError)
      .with.property(
        "message",
        "needs a fee limit of 13650000 sun (50000 energy at 210 sun), above the cap of 10000000",
      );
  });

  it("has no nonces and no fee bumps; a transaction past its expiration counts as expired", async function () {
    const s = sender();
    expect(s.usesNonces).to.equal(false);
    expect(s.bumpFees()).to.equal(undefined);
    const signed = await s.sign(row(), {}, key);
    const pending = row({ raw: signed.raw, status: "sent" });
    expect(s.isExpired(pending, { number: 1, hash: BLOCK_ID, timestamp: 1_700_000_100 })).to.equal(false);
    expect(s.isExpired(pending, { number: 1, hash: BLOCK_ID, timestamp: 1_700_000_121 })).to.equal(true);
  });

  it("maps broadcast refusals to the executor's causes", async function () {
    const answers: Record<string, unknown>[] = [
      { result: true },
      { code: "DUP_TRANSACTION_ERROR", message: Buffer.from("dup transaction").toString("hex") },
      { code: "BANDWITH_ERROR", message: Buffer.from("Account resource insufficient error.").toString("hex") },
      { code: "CONTRACT_VALIDATE_ERROR", message: "balance is not sufficient" },
    ];
    const fake = {
      transactionBuilder: new TronWeb({ fullHost: "http://127.0.0.1:9" }).transactionBuilder,
      trx: { sign: async (tx: unknown) => tx, sendRawTransaction: async () => answers.shift() },
    } as unknown as TronWebLike;
    const s = sender(fake);
    const raw = (await sender().sign(row(), {}, key)).raw;
    await s.broadcast(raw);
    const causes: string[] = [];
    for (let i = 0; i < 3; i++) causes.push(await s.broadcast(raw).then(() => "ok", classifySendError));
    expect(causes).to.deep.equal(["alreadyKnown", "insufficientFunds", "insufficientFunds"]);
  });

  (process.env.TRON_FULLNODE ? it : it.skip)(
    "reads a real TRON node's head over /jsonrpc and signs against it (needs TRON_FULLNODE; skipped when unset)",
    async function () {
      const fullHost = process.env.TRON_FULLNODE as string;
      const config = chainSchema.parse({ rpcUrl: `${fullHost.replace(/\/$/, "")}/jsonrpc`, tron: { fullHost } });
      const live = await TronSender.create("nile", 3448148188, config, createChainClient(config));
      const head = await live.head();
      expect(head.number).to.be.greaterThan(0);
      const signed = await live.sign(row(), {}, key);
      const tx = decodeTransaction(signed.raw);
      expect(tx.raw_data.expiration).to.be.greaterThan(head.timestamp * 1000);
    },
  );
});
