import { expect } from "chai";
import { createPublicClient, http, type Address, type Hex } from "viem";

import { Registry } from "prom-client";

import { parseConfig } from "../../relayer/src/config/load.ts";
import { RotationMetrics } from "../../relayer/src/duties/rotations/metrics.ts";
import { RotationDuty } from "../../relayer/src/duties/rotations/RotationDuty.ts";
import type { RotationsConfig } from "../../relayer/src/duties/rotations/config.ts";
import { createLogger } from "../../relayer/src/observability/log.ts";
import { CollectMetrics } from "../../relayer/src/signatures/metrics.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import { BridgeReads } from "../../relayer/src/consensus/reads.ts";
import { expiryUrgency } from "../../relayer/src/duties/rotations/RotationDuty.ts";
import { publicClientFor } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";

/** Runtime code answering every call with the 32-byte word `value` (a ValidatorSet that has `expiresAt()`, as far as one read goes). */
function returning(value: bigint): Hex {
  return `0x67${value.toString(16).padStart(16, "0")}60005260206000f3`;
}
/** Runtime code reverting every call without data: a ValidatorSet deployed before `expiresAt()` existed. */
const REVERTING: Hex = "0x60006000fd";

describe("Relayer rotations: a validator set nearing its maximum age is urgent", function () {
  this.timeout(60_000);
  let node: HardhatNode;

  before(async function () {
    node = await sharedNode(199);
  });

  function readsAt(validatorSet: Address, rpcUrl = node.url): BridgeReads {
    const config = parseConfig({ chains: { bttc: { rpcUrl, confirmations: 1 } } });
    const client =
      rpcUrl === node.url
        ? publicClientFor(node)
        : createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 1_000 }) });
    return new BridgeReads(
      config,
      { home: "bttc", contracts: { bttc: { validatorSet, fromBlock: 0 } } },
      new Map([["bttc", client]]),
    );
  }

  it("urgency: within the margin or past expiry; never for a deployment without expiry", function () {
    const cases: [{ expiresAt: bigint; now: bigint } | undefined, number, { urgent: boolean; expiresIn?: bigint }][] = [
      [undefined, 3_600, { urgent: false }],
      [{ expiresAt: 10_000n, now: 1_000n }, 3_600, { urgent: false, expiresIn: 9_000n }],
      [{ expiresAt: 10_000n, now: 6_400n }, 3_600, { urgent: true, expiresIn: 3_600n }],
      [{ expiresAt: 10_000n, now: 9_999n }, 3_600, { urgent: true, expiresIn: 1n }],
      [{ expiresAt: 10_000n, now: 12_000n }, 3_600, { urgent: true, expiresIn: -2_000n }],
    ];
    for (const [expiry, margin, expected] of cases)
      expect(expiryUrgency(expiry, margin), JSON.stringify(String(expiry?.now))).to.deep.equal(expected);
  });

  it("reads expiresAt() where the ValidatorSet has it, undefined where it does not, and lets node errors through", async function () {
    const now = (await publicClientFor(node).getBlock()).timestamp;
    const withExpiry: Address = "0x00000000000000000000000000000000000e1e01";
    const old: Address = "0x00000000000000000000000000000000000e1e02";
    await node.rpc("hardhat_setCode", [withExpiry, returning(now + 5_000n)]);
    await node.rpc("hardhat_setCode", [old, REVERTING]);

    const expiry = await readsAt(withExpiry).setExpiry("bttc");
    expect(expiry?.expiresAt).to.equal(now + 5_000n);
    expect(expiry!.now >= now).to.equal(true);
    expect(await readsAt(old).setExpiry("bttc")).to.equal(undefined);

    let thrown: unknown;
    await readsAt(old, "http://127.0.0.1:1")
      .setExpiry("bttc")
      .catch((error: unknown) => (thrown = error));
    expect(thrown, "an unreachable node is an error, not an old deployment").to.be.instanceOf(Error);
  });

  it("the duty checks urgent targets first, proposes their rotation at warn, and calls an expiring set with nothing to rotate to an error", async function () {
    // Three targets: bnb expires in 10 min with a newer home epoch, ethereum in 20 min with none, bttc (an old deployment) never.
    const expiries: Record<string, { expiresAt: bigint; now: bigint } | undefined> = {
      bttc: undefined,
      ethereum: { expiresAt: 1_200n, now: 0n },
      bnb: { expiresAt: 600n, now: 0n },
    };
    const epochs: Record<string, bigint> = { bttc: 3n, ethereum: 3n, bnb: 2n };
    const asked: string[] = [];
    const chainIds: Record<string, bigint> = { bttc: 199n, ethereum: 1n, bnb: 56n };
    const validatorSet: Address = "0x00000000000000000000000000000000000e1e03";
    const reads = {
      network: { home: "tron", contracts: {} },
      chainId: (chain: string) => chainIds[chain]!,
      contracts: () => ({ validatorSet, fromBlock: 0 }),
      setExpiry: async (chain: string) => (asked.push(chain), expiries[chain]),
      confirmedHead: async () => 100n,
      verifierEpoch: async (chain: string) => epochs[chain]!,
      homeSetAt: async () => ({
        epoch: 3n,
        members: [{ signer: validatorSet, power: 1n }],
        totalPower: 1n,
        setHash: `0x${"11".repeat(32)}` as Hex,
      }),
    };
    const lines: { level: number; msg: string; target?: string }[] = [];
    const log = createLogger("info", { write: (line: string) => void lines.push(JSON.parse(line)) });
    const registry = new Registry();
    const store = new SqliteStore(":memory:");
    const config = {
      chain: "tron",
      key: "k",
      intervalMs: 5_000,
      batchSize: 50,
      maxAttempts: 5,
      home: "tron",
      contracts: {},
      targets: ["bttc", "ethereum", "bnb"],
      urgentBeforeExpirySeconds: 3_600,
      peers: [],
      peerTimeoutMs: 1_000,
    } as unknown as RotationsConfig;
    const duty = new RotationDuty(
      { config, reads: reads as never, store, sources: [], metrics: new CollectMetrics(registry), log },
      new RotationMetrics(registry),
    );
    try {
      expect(await duty.discover()).to.equal(1);
      const proposed = await store.countRecordsByState("rotations");
      expect(proposed).to.deep.equal([{ duty: "rotations", state: "collecting", count: 1 }]);
      expect((await store.getRecord("rotations", "56-2-3"))?.data).to.deep.include({ target: "bnb" });
      const messages = lines.map((l) => `${l.level}:${l.target ?? ""}:${l.msg}`);
      expect(
        messages.indexOf("40:bnb:the target's validator set is close to its maximum age: rotating urgently"),
      ).to.equal(0);
      expect(messages).to.include("40:bnb:urgent rotation proposed");
      expect(messages).to.include(
        "50:ethereum:the target's validator set is about to expire and the staking home has no later epoch to rotate to: advance the home's epoch",
      );
      const metrics = await registry.metrics();
      expect(metrics).to.match(/relayer_rotations_urgent\{chain="bnb"\} 1\n/);
      expect(metrics).to.match(/relayer_rotations_urgent\{chain="ethereum"\} 1\n/);
      expect(metrics).to.match(/relayer_rotations_urgent\{chain="bttc"\} 0\n/);
      expect(metrics).to.match(/relayer_rotations_set_expires_in_seconds\{chain="bnb"\} 600\n/);
      expect(metrics).to.not.match(/relayer_rotations_set_expires_in_seconds\{chain="bttc"\}/);
    } finally {
      await store.close();
    }
  });
});
