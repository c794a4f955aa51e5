/**
 * Config of the devnet's shapes: a TRON chain served by an EVM node (`tron.simulated`), and duty
 * configs that leave contract addresses to the chains' deployment manifests (`chains.<name>.manifest`).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { getAddress } from "viem";

import { serializeManifest, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import { parseConfig } from "../../relayer/src/config/load.ts";
import { loadManifests } from "../../relayer/src/config/manifests.ts";
import type { RelayerConfigInput } from "../../relayer/src/config/schema.ts";
import { resolveNetwork } from "../../relayer/src/consensus/network.ts";
import { resolveMessages } from "../../relayer/src/duties/messages/config.ts";
import { resolveStorageProofs } from "../../relayer/src/duties/storageProofs/config.ts";
import { contractsOf } from "../../relayer/src/duties/registry.ts";
import { ConfigError } from "../../relayer/src/errors.ts";
import { createSender } from "../../relayer/src/Relayer.ts";
import { EvmSender } from "../../relayer/src/tx/EvmSender.ts";
import { TronSender } from "../../relayer/src/tx/tron/TronSender.ts";

const addr = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);

function manifest(network: string, chainId: number, contracts: Record<string, [number, bigint]>): DeploymentManifest {
  return {
    version: 1,
    network,
    chainId,
    role: network === "bttc" ? "child" : "root",
    deployedAt: "2026-01-01T00:00:00.000Z",
    release: "test",
    contracts: Object.fromEntries(
      Object.entries(contracts).map(([key, [a, block]]) => [
        key,
        { address: addr(a), blockNumber: block, contractName: key },
      ]),
    ),
  };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("Relayer config: simulated TRON and contracts from deployment manifests", function () {
  describe("chains.tron.simulated", function () {
    const tron = (section?: Record<string, unknown>): RelayerConfigInput => ({
      chains: { tron: { rpcUrl: "http://127.0.0.1:1", ...(section === undefined ? {} : { tron: section }) } },
    });

    it("a TRON chain needs tron.fullHost unless an EVM node stands in for it", function () {
      expect(String(errorOf(() => parseConfig(tron())))).to.include(
        "a TRON chain needs tron.fullHost (or tron.simulated: true",
      );
      expect(String(errorOf(() => parseConfig(tron({ simulated: false }))))).to.include(
        "a TRON chain needs tron.fullHost",
      );
      const simulated = parseConfig(tron({ simulated: true })).chains.tron?.tron;
      expect(simulated?.simulated).to.equal(true);
      expect(simulated?.fullHost).to.equal(undefined);
      expect(parseConfig(tron({ fullHost: "https://nile.trongrid.io" })).chains.tron?.tron?.simulated).to.equal(false);
    });

    it("refuses a tron section on an EVM chain", function () {
      const input = { chains: { bttc: { rpcUrl: "http://127.0.0.1:1", tron: { simulated: true } } } };
      expect(String(errorOf(() => parseConfig(input)))).to.include(
        "chain 'bttc' is not a TRON chain: remove its tron section",
      );
    });

    it("a simulated TRON sends EVM transactions (nonces, JSON-RPC); a real one goes through TronWeb", async function () {
      const simulated = await createSender("tron", parseConfig(tron({ simulated: true })).chains.tron!);
      expect(simulated).to.be.instanceOf(EvmSender).and.not.be.instanceOf(TronSender);
      expect(simulated.usesNonces).to.equal(true);
      expect(simulated.chainId).to.equal(728126428);
      const real = await createSender("tron", parseConfig(tron({ fullHost: "http://127.0.0.1:1" })).chains.tron!);
      expect(real).to.be.instanceOf(TronSender);
      expect(real.usesNonces).to.equal(false);
    });
  });

  describe("contracts from chains.<name>.manifest", function () {
    const dir = mkdtempSync(join(tmpdir(), "btt-relayer-manifests-"));
    writeFileSync(
      join(dir, "bttc.json"),
      serializeManifest(
        manifest("bttc", 199, {
          validatorSet: [1, 10n],
          inbox: [2, 11n],
          outbox: [3, 12n],
          childBridge: [10, 13n],
          storageMarket: [11, 20n],
        }),
      ),
    );
    writeFileSync(
      join(dir, "tron.json"),
      serializeManifest(
        manifest("tron", 728126428, {
          stakeManager: [4, 5n],
          validatorSet: [5, 6n],
          inbox: [6, 7n],
          outbox: [7, 8n],
          token: [8, 3n],
          rootBridge: [12, 9n],
        }),
      ),
    );
    writeFileSync(join(dir, "ethereum.json"), serializeManifest(manifest("ethereum", 1, { token: [9, 1n] })));

    const input = (duty: Record<string, unknown>, chains: string[] = ["bttc", "tron"]): RelayerConfigInput => ({
      chains: Object.fromEntries(
        chains.map((c) => [
          c,
          {
            rpcUrl: "http://127.0.0.1:1",
            manifest: `${c}.json`,
            ...(c === "tron" ? { tron: { simulated: true } } : {}),
          },
        ]),
      ),
      keys: { v: {} },
      duties: { signer: { chain: "tron", key: "v", home: "tron", ...duty } },
    });

    it("a duty without `contracts` takes every manifest chain's messaging contracts and deployment block", function () {
      const config = parseConfig(input({}));
      const manifests = loadManifests(config, dir);
      expect(resolveNetwork("signer", config.duties.signer!, manifests)).to.deep.equal({
        home: "tron",
        contracts: {
          bttc: { validatorSet: addr(1), inbox: addr(2), outbox: addr(3), fromBlock: 10 },
          tron: { validatorSet: addr(5), inbox: addr(6), outbox: addr(7), stakeManager: addr(4), fromBlock: 5 },
        },
      });
      // The start-up code check covers what came from the manifests.
      expect(
        contractsOf(config, manifests).map((c) => `${c.chain}.${c.field.split(".").pop()}=${c.address}`),
      ).to.have.members([
        `bttc.outbox=${addr(3)}`,
        `bttc.inbox=${addr(2)}`,
        `bttc.validatorSet=${addr(1)}`,
        `tron.outbox=${addr(7)}`,
        `tron.inbox=${addr(6)}`,
        `tron.validatorSet=${addr(5)}`,
        `tron.stakeManager=${addr(4)}`,
      ]);
    });

    it("addresses and fromBlock written in the duty win over the manifest", function () {
      const config = parseConfig(input({ contracts: { bttc: { inbox: addr(100), fromBlock: 0 }, tron: {} } }));
      const network = resolveNetwork("signer", config.duties.signer!, loadManifests(config, dir));
      expect(network.contracts.bttc).to.deep.equal({
        validatorSet: addr(1),
        inbox: addr(100),
        outbox: addr(3),
        fromBlock: 0,
      });
    });

    it("a verifier neither the duty nor the manifest gives fails naming both ways to set it", function () {
      const config = parseConfig(input({ contracts: { ethereum: {}, tron: {} } }, ["tron", "ethereum"]));
      const error = errorOf(() => resolveNetwork("signer", config.duties.signer!, loadManifests(config, dir)));
      expect(error).to.be.instanceOf(ConfigError);
      expect(error.message).to.include(
        "chain 'ethereum': duties.signer.contracts.ethereum.validatorSet is not set and its manifest (ethereum) has no validatorSet",
      );
      const noManifest = parseConfig({
        ...input({ contracts: { bnb: {}, tron: {} } }),
        chains: {
          tron: { rpcUrl: "http://127.0.0.1:1", manifest: "tron.json", tron: { simulated: true } },
          bnb: { rpcUrl: "http://127.0.0.1:1" },
        },
      });
      const missing = errorOf(() => contractsOf(noManifest, loadManifests(noManifest, dir))) as ConfigError;
      expect(missing.message).to.include(
        "chain 'bnb': no address for validatorSet (duties.signer.contracts.bnb.validatorSet is not set and the chain has no manifest)",
      );
      expect(missing.hints.join(" ")).to.include(
        "Set duties.signer.contracts.bnb.validatorSet, or chains.bnb.manifest",
      );
    });

    it("the message executor's endpoints default to every manifest chain: inbox, outbox, its bridge, the outbox's block", function () {
      const config = parseConfig({ ...input({}), duties: { messages: { chain: "bttc", key: "v" } } });
      const manifests = loadManifests(config, dir);
      expect(resolveMessages(config.duties.messages!, manifests).endpoints).to.deep.equal({
        bttc: { inbox: addr(2), outbox: addr(3), bridge: addr(10), fromBlock: 12 },
        tron: { inbox: addr(6), outbox: addr(7), bridge: addr(12), fromBlock: 8 },
      });
      // A configured endpoint keeps its addresses; another outbox than the manifest's keeps its own first block.
      const own = parseConfig({
        ...input({}),
        duties: {
          messages: { chain: "bttc", key: "v", endpoints: { bttc: { outbox: addr(99), fromBlock: 4 }, tron: {} } },
        },
      });
      expect(resolveMessages(own.duties.messages!, manifests).endpoints.bttc).to.deep.equal({
        inbox: addr(2),
        outbox: addr(99),
        bridge: addr(10),
        fromBlock: 4,
      });
      const missing = parseConfig({
        ...input({}, ["bttc", "tron", "ethereum"]),
        duties: { messages: { chain: "bttc", key: "v" } },
      });
      expect(errorOf(() => resolveMessages(missing.duties.messages!, loadManifests(missing, dir))).message).to.include(
        "chain 'ethereum': duties.messages.endpoints.ethereum.inbox is not set and its manifest (ethereum) has no inbox",
      );
    });

    it("overriding one field of one endpoint keeps every other route of the manifests", function () {
      const one = parseConfig({
        ...input({}),
        duties: { messages: { chain: "bttc", key: "v", endpoints: { tron: { bridge: addr(77) } } } },
      });
      const endpoints = resolveMessages(one.duties.messages!, loadManifests(one, dir)).endpoints;
      expect(Object.keys(endpoints).sort()).to.deep.equal(["bttc", "tron"]);
      expect(endpoints.tron).to.deep.equal({ inbox: addr(6), outbox: addr(7), bridge: addr(77), fromBlock: 8 });
      expect(endpoints.bttc).to.deep.equal({ inbox: addr(2), outbox: addr(3), bridge: addr(10), fromBlock: 12 });
      // The same for the validator network's contracts: one chain listed, the others still come from their manifests.
      const network = resolveNetwork(
        "signer",
        { home: "tron", contracts: { tron: { fromBlock: 1 } } },
        loadManifests(one, dir),
      );
      expect(Object.keys(network.contracts).sort()).to.deep.equal(["bttc", "tron"]);
      expect(network.contracts.tron?.fromBlock).to.equal(1);
    });

    it("the storage-proof submitter takes the market (and its creation block) from the manifest", function () {
      const config = parseConfig({ ...input({}), duties: { storageProofs: { chain: "bttc", key: "v" } } });
      const manifests = loadManifests(config, dir);
      expect(resolveStorageProofs(config.duties.storageProofs!, manifests)).to.deep.include({
        market: addr(11),
        fromBlock: 20,
      });
      expect(contractsOf(config, manifests)).to.deep.include({
        duty: "storageProofs",
        chain: "bttc",
        field: "market",
        address: addr(11),
      });
      const noMarket = parseConfig({ ...input({}), duties: { storageProofs: { chain: "tron", key: "v" } } });
      expect(errorOf(() => resolveStorageProofs(noMarket.duties.storageProofs!, manifests)).message).to.include(
        "chain 'tron': duties.storageProofs.market is not set and its manifest (tron) has no storageMarket",
      );
    });
  });
});
