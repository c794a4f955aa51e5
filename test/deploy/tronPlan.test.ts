import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { expect } from "chai";
import { utils as tronUtils } from "tronweb";
import {
  decodeAbiParameters,
  getAddress,
  keccak256,
  recoverAddress,
  type Abi,
  type AbiParameter,
  type Address,
  type Hex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { parseManifest, serializeManifest, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import { toTronAddress } from "../../sdk/src/tron/index.ts";
import { blockHeaderOf, planTronDeployment, tronManifest, type TronPlan } from "../../deploy/tron/plan.ts";
import { readArtifact, type TronBlockHeader } from "../../deploy/tron/deployer.ts";
import { contractSources } from "../../deploy/modules.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const key: Hex = `0x${"5a".repeat(32)}`;
const deployer = privateKeyToAccount(key).address;
const header: TronBlockHeader = {
  ref_block_bytes: "0c1d",
  ref_block_hash: "8899aabbccddeeff",
  expiration: 1_900_003_600_000,
  timestamp: 1_900_000_000_000,
};
const childBridge = getAddress("0x00000000000000000000000000000000000c4b1d");
const child: DeploymentManifest = {
  version: 1,
  network: "bttcDonau",
  chainId: 1029,
  role: "child",
  deployedAt: "2026-11-21T00:00:00.000Z",
  release: "test",
  contracts: { childBridge: { address: childBridge, blockNumber: 7n, contractName: "ChildBridge" } },
};

/** TronWeb's decoding of a transaction's raw protobuf bytes. */
interface DecodedRaw {
  contract: {
    type: string;
    parameter: {
      value: {
        owner_address: string;
        new_contract: { bytecode: string; name: string; origin_address: string; call_value: number };
      };
    };
  }[];
  fee_limit: number;
  ref_block_bytes: string;
  ref_block_hash: string;
  expiration: number;
}

function ctorInputs(abi: Abi): readonly AbiParameter[] {
  return (abi.find((i) => i.type === "constructor") as { inputs: readonly AbiParameter[] } | undefined)?.inputs ?? [];
}

/**
 * The TRON deployment of the staking home (Nile parameters): every transaction is decoded from the
 * signed protobuf bytes (not from TronWeb's JSON) and checked against the Hardhat artifact and the
 * constructor arguments a reader would expect from deploy/parameters/nile.json.
 */
describe("TRON: the staking home's deployment, planned from the Ignition modules and signed offline", () => {
  let plan: TronPlan;
  const nile = async () =>
    JSON.parse(await readFile(join(root, "deploy", "parameters", "nile.json"), "utf8")) as Record<
      string,
      Record<string, unknown>
    >;

  before(async () => {
    plan = await planTronDeployment({
      root,
      network: "nile",
      chainId: 3448148188,
      parameters: await nile(),
      privateKey: key,
      blockHeader: header,
      childManifest: child,
    });
  });

  it("plans token, staking, messaging and bridge in dependency order", () => {
    expect(plan.contracts.map((c) => `${c.key}:${c.contractName}`)).to.deep.equal([
      "token:BTTToken",
      "stakeManager:StakeManager",
      "validatorSet:ValidatorSet",
      "inbox:Inbox",
      "outbox:Outbox",
      "rootBridge:RootBridge",
    ]);
    expect(plan.deployer.hex.toLowerCase()).to.equal(`41${deployer.slice(2).toLowerCase()}`);
    expect(plan.target).to.deep.equal({ role: "root", stakingHome: true, existingToken: false });
  });

  it("every transaction decodes to the artifact's creation code followed by the expected constructor arguments", async () => {
    const params = (await nile()).Staking?.params as Record<string, string | number>;
    const at = (k: string): Address => plan.contracts.find((c) => c.key === k)!.address;
    const expected: Record<string, readonly unknown[]> = {
      token: [deployer],
      stakeManager: [at("token"), deployer, params],
      validatorSet: [at("stakeManager"), 0n, [], [], 0n],
      inbox: [at("validatorSet")],
      outbox: [],
      rootBridge: [at("outbox"), at("inbox"), 1029n, childBridge, deployer, 0n, 0n],
    };
    for (const c of plan.contracts) {
      const artifact = await readArtifact(root, contractSources[c.contractName] as string, c.contractName);
      const tx = c.deployment!.transaction as { raw_data_hex: string; signature: string[]; txID: string };
      const decoded = tronUtils.deserializeTx.deserializeTransaction(
        "CreateSmartContract",
        tx.raw_data_hex,
      ) as unknown as DecodedRaw;
      expect(decoded).to.include({ fee_limit: 1_000_000_000, expiration: header.expiration });
      expect(decoded.ref_block_bytes.toLowerCase()).to.equal(header.ref_block_bytes);
      expect(decoded.ref_block_hash.toLowerCase()).to.equal(header.ref_block_hash);
      const [contract] = decoded.contract;
      expect(contract?.type).to.equal("CreateSmartContract");
      const value = contract!.parameter.value;
      expect(value.owner_address.toLowerCase()).to.equal(plan.deployer.hex.toLowerCase());
      expect(value.new_contract.name).to.equal(c.contractName);
      expect(value.new_contract.call_value).to.equal(0);
      const bytecode = value.new_contract.bytecode.toLowerCase();
      const creation = artifact.bytecode.slice(2).toLowerCase();
      expect(bytecode.startsWith(creation), `${c.key}: creation code`).to.equal(true);

      // Decode the tail with the constructor's ABI and compare field by field.
      const tail = `0x${bytecode.slice(creation.length)}` as Hex;
      const inputs = ctorInputs(artifact.abi);
      const args = inputs.length === 0 ? [] : decodeAbiParameters(inputs, tail);
      const want = expected[c.key] as readonly unknown[];
      expect(args.length, c.key).to.equal(want.length);
      want.forEach((w, i) => {
        const got = args[i];
        if (typeof w === "string" && w.startsWith("0x"))
          expect(getAddress(got as string), `${c.key} arg ${i}`).to.equal(getAddress(w));
        else if (typeof w === "object" && w !== null && !Array.isArray(w)) {
          for (const [field, v] of Object.entries(w))
            expect(BigInt((got as Record<string, number | bigint>)[field] as bigint), `${c.key}.${field}`).to.equal(
              BigInt(v as string),
            );
        } else expect(got, `${c.key} arg ${i}`).to.deep.equal(w);
      });

      // txID is sha256 of the signed bytes; the signature recovers the deployer; the address is TRON's rule.
      expect(createHash("sha256").update(Buffer.from(tx.raw_data_hex, "hex")).digest("hex")).to.equal(tx.txID);
      const sig = tx.signature[0] as string;
      const v = Number.parseInt(sig.slice(128, 130), 16);
      expect(
        await recoverAddress({
          hash: `0x${tx.txID}`,
          signature: `0x${sig.slice(0, 128)}${(v < 27 ? v + 27 : v).toString(16)}`,
        }),
      ).to.equal(deployer);
      const derived = keccak256(`0x${tx.txID}${plan.deployer.hex}`).slice(-40);
      expect(c.address.toLowerCase()).to.equal(`0x${derived}`);
      expect(c.deployment!.contractAddress.base58).to.equal(toTronAddress(c.address));
    }
  });

  it("uses an existing token instead of deploying one, with base58 parameters", async () => {
    const token = "0x00000000000000000000000000000000000b7700" as Address;
    const withToken = { ...(await nile()), Token: { address: toTronAddress(token) } };
    const p = await planTronDeployment({
      root,
      network: "nile",
      chainId: 3448148188,
      parameters: withToken,
      privateKey: key,
      blockHeader: header,
      childManifest: child,
    });
    const first = p.contracts[0]!;
    expect(first.key).to.equal("token");
    expect(first.deployment).to.equal(undefined);
    expect(first.address).to.equal(getAddress(token));
    const sm = p.contracts.find((c) => c.key === "stakeManager")!;
    expect(sm.constructorArgs[0]).to.equal(getAddress(token));
  });

  it("refuses missing parameters and a RootBridge naming another child", async () => {
    let error: unknown;
    await planTronDeployment({
      root,
      network: "nile",
      chainId: 3448148188,
      parameters: {},
      privateKey: key,
      blockHeader: header,
      childManifest: child,
    }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/needs parameter\(s\) Staking\.params/);
    error = undefined;
    const wrong = { ...(await nile()), RootBridge: { childChainId: 199 } };
    await planTronDeployment({
      root,
      network: "nile",
      chainId: 3448148188,
      parameters: wrong,
      privateKey: key,
      blockHeader: header,
      childManifest: child,
    }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/childChainId is 199 but the child manifest is for chain 1029/);
  });

  it("writes a manifest with hex and base58 addresses that the SDK parses", () => {
    const blocks = new Map(plan.contracts.map((c, i) => [c.key, BigInt(100 + i)] as const));
    const manifest = parseManifest(serializeManifest(tronManifest(plan, blocks)));
    expect(manifest).to.include({ network: "nile", chainId: 3448148188, role: "root", stakingHome: true });
    for (const c of plan.contracts) {
      const entry = manifest.contracts[c.key]!;
      expect(entry.address).to.equal(getAddress(c.address));
      expect(entry.tronAddress).to.equal(c.deployment!.contractAddress.base58);
      expect(entry.transactionHash).to.equal(c.deployment!.txID);
    }
  });

  it("derives the TAPOS reference from /wallet/getnowblock", () => {
    const block = {
      blockID: "0000000003a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b",
      block_header: { raw_data: { number: 0x3a1b2c3, timestamp: 1_900_000_000_000 } },
    };
    expect(blockHeaderOf(block, 60_000)).to.deep.equal({
      ref_block_bytes: "b2c3",
      ref_block_hash: "d4e5f60718293a4b",
      expiration: 1_900_000_060_000,
      timestamp: 1_900_000_000_000,
    });
  });
});

describe("TRON: the operator's command signs offline and broadcasts nothing without a full node", () => {
  it("node deploy/tron/deploy.ts --network nile --ref-block <getnowblock JSON> writes the signed plan", async function () {
    this.timeout(60_000);
    const dir = await mkdtemp(join(tmpdir(), "btt-tron-cli-"));
    try {
      const block = {
        blockID: "0000000003a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b",
        block_header: { raw_data: { number: 0x3a1b2c3, timestamp: 1_900_000_000_000 } },
      };
      await writeFile(join(dir, "block.json"), JSON.stringify(block));
      await writeFile(join(dir, "bttcDonau.json"), serializeManifest(child));
      const env: NodeJS.ProcessEnv = { ...process.env, TRON_PRIVATE_KEY: key.slice(2) };
      delete env.TRON_FULLNODE;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ["deploy/tron/deploy.ts", "--network", "nile", "--ref-block", join(dir, "block.json"), "--out", dir],
        { cwd: root, env },
      );
      expect(stdout).to.contain(`Signed 6 deployment(s) for nile by ${toTronAddress(deployer)}`);
      expect(stdout).to.contain("Not broadcast (no TRON_FULLNODE)");
      const saved = JSON.parse(await readFile(join(dir, "nile.tron-plan.json"), "utf8")) as TronPlan;
      expect(saved.contracts.map((c) => c.key)).to.deep.equal([
        "token",
        "stakeManager",
        "validatorSet",
        "inbox",
        "outbox",
        "rootBridge",
      ]);
      const raw = saved.contracts[5]!.deployment!.transaction as {
        raw_data: { ref_block_bytes: string; expiration: number };
      };
      expect(raw.raw_data).to.include({ ref_block_bytes: "b2c3", expiration: 1_900_003_600_000 });
      // The RootBridge names the ChildBridge from bttcDonau.json found in the output folder.
      expect(saved.contracts[5]!.constructorArgs[3]).to.equal(childBridge);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("TRON: live deployment of the staking home", () => {
  const fullNode = process.env.TRON_FULLNODE;
  const liveKey = process.env.TRON_PRIVATE_KEY;
  (fullNode && liveKey ? it : it.skip)(
    "builds, signs and broadcasts every contract to TRON_FULLNODE (runs only when TRON_FULLNODE and TRON_PRIVATE_KEY are set)",
    async function () {
      this.timeout(900_000);
      const { broadcastTronDeployment } = await import("../../deploy/tron/deployer.ts");
      const node = fullNode as string;
      const block = (await (
        await fetch(`${node.replace(/\/$/, "")}/wallet/getnowblock`, { method: "POST" })
      ).json()) as Parameters<typeof blockHeaderOf>[0];
      const parameters = JSON.parse(await readFile(join(root, "deploy", "parameters", "nile.json"), "utf8")) as Record<
        string,
        Record<string, unknown>
      >;
      const live = await planTronDeployment({
        root,
        network: "nile",
        chainId: 3448148188,
        parameters,
        privateKey: liveKey as string,
        blockHeader: blockHeaderOf(block),
        childManifest: child,
      });
      const blocks = new Map<string, bigint>();
      for (const c of live.contracts)
        blocks.set(c.key, (await broadcastTronDeployment(c.deployment!, { fullNode: node })).blockNumber);
      const manifest = tronManifest(live, blocks);
      expect(Object.keys(manifest.contracts)).to.have.length(6);
      for (const b of blocks.values()) expect(b > 0n).to.equal(true);
    },
  );
});
