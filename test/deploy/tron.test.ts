import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { encodeAbiParameters, recoverAddress, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import {
  broadcastTronDeployment,
  buildTronDeployment,
  readArtifact,
  type TronBlockHeader,
} from "../../deploy/tron/deployer.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const key: Hex = `0x${"42".repeat(32)}`;
const account = privateKeyToAccount(key);
const header: TronBlockHeader = {
  ref_block_bytes: "a1b2",
  ref_block_hash: "0011223344556677",
  expiration: 1_900_000_060_000,
  timestamp: 1_900_000_000_000,
};

interface CreateContractValue {
  owner_address: string;
  new_contract: { bytecode: string; name: string; consume_user_resource_percent: number; origin_energy_limit: number };
}

describe("TRON deployment: built and signed offline with TronWeb from the Hardhat artifacts", () => {
  it("a BTTToken deployment decodes to the artifact's bytecode and constructor arguments, signed by the deployer", async () => {
    const artifact = await readArtifact(root, "contracts/token/BTTToken.sol", "BTTToken");
    const ownerTron = `41${account.address.slice(2).toLowerCase()}`;
    const deployment = await buildTronDeployment(artifact, [ownerTron], {
      privateKey: key,
      blockHeader: header,
      feeLimit: 2_000_000_000,
    });

    const tx = deployment.transaction as {
      txID: string;
      raw_data_hex: string;
      signature: string[];
      raw_data: {
        fee_limit: number;
        ref_block_bytes: string;
        contract: { type: string; parameter: { value: CreateContractValue } }[];
      };
    };
    // Transaction id is sha256 of the raw data, as TRON nodes compute it.
    expect(createHash("sha256").update(Buffer.from(tx.raw_data_hex, "hex")).digest("hex")).to.equal(tx.txID);
    expect(tx.raw_data.fee_limit).to.equal(2_000_000_000);
    expect(tx.raw_data.ref_block_bytes).to.equal("a1b2");
    const [contract] = tx.raw_data.contract;
    expect(contract?.type).to.equal("CreateSmartContract");
    const value = contract?.parameter.value as CreateContractValue;
    expect(value.owner_address).to.equal(ownerTron);
    expect(value.new_contract.name).to.equal("BTTToken");
    expect(value.new_contract.consume_user_resource_percent).to.equal(100);
    const args = encodeAbiParameters([{ type: "address" }], [account.address]).slice(2);
    expect(value.new_contract.bytecode).to.equal(`${artifact.bytecode.slice(2)}${args}`);

    // The signature is a plain secp256k1 signature over the txID by the same key as on EVM chains.
    const signature = tx.signature[0] as string;
    const v = Number.parseInt(signature.slice(128, 130), 16);
    const recovered = await recoverAddress({
      hash: `0x${tx.txID}`,
      signature: `0x${signature.slice(0, 128)}${(v < 27 ? v + 27 : v).toString(16)}`,
    });
    expect(recovered).to.equal(account.address);
    expect(deployment.owner.hex).to.equal(ownerTron);
    expect(deployment.contractAddress.base58).to.match(/^T[1-9A-HJ-NP-Za-km-z]{33}$/);
  });

  it("refuses to build offline without a reference block, and rejects a malformed key", async () => {
    const artifact = await readArtifact(root, "contracts/token/BTTToken.sol", "BTTToken");
    let error: unknown;
    await buildTronDeployment(artifact, [], { privateKey: key }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/needs a reference block header/);
    error = undefined;
    await buildTronDeployment(artifact, [], { privateKey: "0x1234", blockHeader: header }).catch(
      (e: unknown) => (error = e),
    );
    expect(String(error)).to.match(/32 bytes of hex/);
  });

  const fullNode = process.env.TRON_FULLNODE;
  const fundedKey = process.env.TRON_PRIVATE_KEY;
  (fullNode && fundedKey ? it : it.skip)(
    "deploys BTTToken to the TRON node in TRON_FULLNODE (runs only when TRON_FULLNODE and TRON_PRIVATE_KEY are set)",
    async function () {
      this.timeout(180_000);
      const artifact = await readArtifact(root, "contracts/token/BTTToken.sol", "BTTToken");
      const options = { privateKey: fundedKey as string, fullNode: fullNode as string };
      const deployment = await buildTronDeployment(
        artifact,
        [privateKeyToAccount(`0x${(fundedKey as string).replace(/^0x/, "")}`).address.replace(/^0x/, "41")],
        options,
      );
      const { blockNumber } = await broadcastTronDeployment(deployment, options);
      expect(blockNumber > 0n).to.equal(true);
    },
  );
});
