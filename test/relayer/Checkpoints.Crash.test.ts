import { join } from "node:path";

import { expect } from "chai";
import { parseEventLogs } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { inboxAbi } from "../../sdk/src/bridge/index.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";
import { publicClientFor, waitFor, type TestConfig } from "./support/fixture.ts";
import { freePort, sharedNode } from "./support/node.ts";
import { startInProcess, type StartedRelayer } from "./support/relayer.ts";
import { spawnRelayer, withStore, stopChild } from "./support/spawn.ts";
import {
  deployMessaging,
  intervalMining,
  sendMessages,
  validatorAccounts,
  writeBridgeConfig,
  type ChainDeployment,
} from "./support/validators.ts";

async function read<T>(dbFile: string, fn: (store: SqliteStore) => T | Promise<T>, fallback: T): Promise<T> {
  return (await withStore(dbFile, fn)) ?? fallback;
}

describe("Relayer checkpoint submitter: kill -9 mid-submission (aggregator as a child process)", function () {
  this.timeout(150_000);
  let bttc: ChainDeployment;
  let ethereum: ChainDeployment;
  const signers: StartedRelayer[] = [];
  let stopMining: () => Promise<void> = async () => {};

  after(async function () {
    await stopMining();
    for (const relayer of signers) await relayer.stop("test done");
  });

  it("submits each checkpoint once across kills and restarts", async function () {
    const [b, e] = await Promise.all([sharedNode(199), sharedNode(1)]);
    const validators = validatorAccounts("relay-crash");
    const genesis = validators.map((v) => ({ signer: v.address, power: 100n }));
    [bttc, ethereum] = await Promise.all([
      deployMessaging(b, "bttc", genesis),
      deployMessaging(e, "ethereum", genesis),
    ]);
    const chains = [bttc, ethereum];
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    const tokens = ["crash-token-a-0123456789", "crash-token-b-0123456789", "crash-token-d-0123456789"];
    for (const [i, keys] of [validators.slice(0, 2), validators.slice(2, 4)].entries()) {
      const config = writeBridgeConfig(chains, "bttc", {
        validators: keys,
        port: ports[i]!,
        authToken: tokens[i]!,
        confirmations: 2,
      });
      signers.push(await startInProcess(config, {}, "warn"));
    }
    const submitter = generatePrivateKey();
    const submitterAddress = privateKeyToAccount(submitter).address;
    await b.rpc("hardhat_setBalance", [submitterAddress, "0x56bc75e2d63100000"]);
    const aggregator = writeBridgeConfig(chains, "bttc", {
      submitter,
      port: ports[2]!,
      authToken: tokens[2]!,
      confirmations: 2,
      checkpoints: { streams: [{ source: "ethereum", dest: "bttc" }], intervalMs: 50 },
      peers: [0, 1].map((i) => ({
        url: `http://127.0.0.1:${ports[i]}`,
        tokenEnv: `PEER_TOKEN_${i}`,
        token: tokens[i]!,
      })),
    });
    const dbFile = join(aggregator.dir, "relayer.db");
    stopMining = await intervalMining([b, e], 100);

    const rounds = 3;
    const kills: string[] = [];
    for (let round = 0; round < rounds; round++) {
      await sendMessages(ethereum, 199, 1, `crash ${round}`);
      const txsBefore = (
        await read(dbFile, (s) => s.db.prepare("SELECT COUNT(*) AS n FROM txs").get() as { n: number }, {
          n: 0,
        })
      ).n;
      const { child, output } = spawnRelayer(aggregator);
      try {
        // Kill as soon as the submission is recorded: intended, signed or just sent.
        await waitFor(
          "a recorded submission",
          () =>
            read(
              dbFile,
              (s) => (s.db.prepare("SELECT COUNT(*) AS n FROM txs").get() as { n: number }).n > txsBefore,
              false,
            ),
          60_000,
          5,
        );
      } catch (error) {
        child.kill("SIGKILL");
        throw new Error(`${(error as Error).message}; output:\n${output.slice(-20).join("")}`);
      }
      // Then a little later each round, so kills land at different steps (recorded, signed, sent, mined).
      await new Promise((resolve) => setTimeout(resolve, [0, 15, 60][round]));
      await stopChild(child, "SIGKILL");
      kills.push(
        await read(dbFile, async (s) => (await s.pendingTxs()).map((t) => t.status).join(",") || "final", "?"),
      );
    }

    const { child, output } = spawnRelayer(aggregator);
    try {
      await waitFor(
        "all three messages checkpointed",
        async () => {
          const state = await publicClientFor(b).readContract({
            address: bttc.inbox,
            abi: inboxAbi,
            functionName: "sourceState",
            args: [1n],
          });
          return state.messageCount === BigInt(rounds);
        },
        60_000,
        100,
      );
      await waitFor(
        "every record final",
        () =>
          read(
            dbFile,
            async (s) =>
              (await s.countRecordsByState("checkpoints")).every((r) => ["accepted", "superseded"].includes(r.state)) &&
              (await s.pendingTxs()).length === 0,
            false,
          ),
        30_000,
        100,
      );
    } catch (error) {
      throw new Error(
        `${(error as Error).message}; kills ${JSON.stringify(kills)}; output:\n${output.slice(-20).join("")}`,
      );
    } finally {
      await stopChild(child, "SIGTERM", { mayHaveExited: true });
    }

    // One transaction per accepted checkpoint, each accepted on chain: nothing submitted twice, no strays.
    const client = publicClientFor(b);
    const store = new SqliteStore(dbFile, { readonly: true });
    try {
      const txs = store.db.prepare("SELECT record_id, status, success FROM txs WHERE duty = 'checkpoints'").all() as {
        record_id: string;
        status: string;
        success: number;
      }[];
      expect(
        txs.every((t) => t.status === "confirmed" && t.success === 1),
        JSON.stringify(txs),
      ).to.equal(true);
      expect(new Set(txs.map((t) => t.record_id)).size, JSON.stringify(txs)).to.equal(txs.length);
      const accepted = (await store.countRecordsByState("checkpoints")).find((r) => r.state === "accepted")?.count ?? 0;
      expect(accepted).to.equal(txs.length);
      expect(await client.getTransactionCount({ address: submitterAddress })).to.equal(txs.length);
    } finally {
      await store.close();
    }
    const logs = parseEventLogs({
      abi: inboxAbi,
      eventName: "CheckpointAccepted",
      logs: await client.getLogs({ address: bttc.inbox, fromBlock: 0n }),
    });
    expect(logs.length).to.be.at.least(rounds);
    if (process.env.RELAYER_TEST_VERBOSE) console.log(kills);
    // At least one kill left a submission recorded but not final (the restart had to reconcile it).
    expect(
      kills.filter((k) => k !== "final"),
      JSON.stringify(kills),
    ).to.not.be.empty;
  });
});
