import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeErrorResult } from "viem";

import { inboxAbi } from "../../sdk/src/bridge/index.ts";
import { CheckpointMetrics } from "../../relayer/src/duties/checkpoints/metrics.ts";
import { MessageMetrics } from "../../relayer/src/duties/messages/metrics.ts";
import { RotationMetrics } from "../../relayer/src/duties/rotations/metrics.ts";
import { SignerMetrics } from "../../relayer/src/duties/signer/metrics.ts";
import { StorageProofMetrics } from "../../relayer/src/duties/storageProofs/metrics.ts";
import { RelayerMetrics } from "../../relayer/src/observability/metrics.ts";
import { CollectMetrics } from "../../relayer/src/signatures/metrics.ts";
import { shortError } from "../../relayer/src/tx/classify.ts";
import { repoRoot } from "./support/node.ts";

const ops = join(repoRoot, "relayer", "ops");

/** Every metric a relayer with every duty registers. */
function registeredMetrics(): Set<string> {
  const metrics = new RelayerMetrics({ defaults: false });
  for (const duty of ["payout", "signer", "checkpoints", "rotations", "messages", "storageProofs"]) metrics.duty(duty);
  const r = metrics.registry;
  for (const Metrics of [
    CheckpointMetrics,
    MessageMetrics,
    RotationMetrics,
    SignerMetrics,
    StorageProofMetrics,
    CollectMetrics,
  ])
    new Metrics(r);
  return new Set(r.getMetricsAsArray().map((m) => m.name));
}

describe("Relayer operations: alert rules, dashboard, systemd unit, decoded errors", function () {
  this.timeout(60_000);

  it("every relayer metric the example alert rules and the Grafana dashboard name exists", function () {
    const registered = registeredMetrics();
    for (const file of ["prometheus-alerts.yml", "grafana-dashboard.json"]) {
      const text = readFileSync(join(ops, file), "utf8");
      if (file.endsWith(".json")) JSON.parse(text); // valid JSON
      const named = new Set([...text.matchAll(/\brelayer_[A-Za-z0-9_]+/g)].map((m) => m[0]));
      expect(named.size, file).to.be.greaterThan(5);
      for (const name of named)
        expect(registered.has(name), `${file} names ${name}, which the relayer does not export`).to.equal(true);
    }
    // The metrics the operator issue asks for are among them.
    const alerts = readFileSync(join(ops, "prometheus-alerts.yml"), "utf8");
    for (const name of [
      "relayer_executor_account_balance",
      "relayer_messages_oldest_unexecuted_seconds",
      "relayer_checkpoints_last_checkpoint_age_seconds",
      "relayer_http_requests_total",
    ])
      expect(alerts).to.include(name);
  });

  it("the systemd unit passes systemd-analyze verify", function () {
    const which = spawnSync("systemd-analyze", ["--version"], { encoding: "utf8" });
    if (which.error !== undefined) {
      // Debian: apt-get install systemd. The check is only meaningful where the tool exists.
      this.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), "btt-unit-"));
    // Verify against this checkout (the unit expects it at /opt/btt-network): ExecStart must exist.
    const unit = readFileSync(join(ops, "btt-relayer.service"), "utf8").replaceAll("/opt/btt-network", repoRoot);
    writeFileSync(join(dir, "btt-relayer.service"), unit);
    const result = spawnSync("systemd-analyze", ["verify", join(dir, "btt-relayer.service")], { encoding: "utf8" });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr.trim(), "no warnings").to.equal("");
  });

  it("logs name contract errors: 0x8ec76a2a reads InboxAlreadyExecuted", function () {
    const data = encodeErrorResult({ abi: inboxAbi, errorName: "InboxAlreadyExecuted", args: [1n, 7n] });
    expect(data.slice(0, 10)).to.equal("0x8ec76a2a");
    const node = Object.assign(new Error("execution reverted"), {
      details: `execution reverted: custom error ${data}`,
    });
    expect(shortError(node)).to.include("InboxAlreadyExecuted(1, 7)");
    const viemLike = Object.assign(new Error("Execution reverted for an unknown reason."), {
      cause: { data: { data } },
    });
    expect(shortError(viemLike)).to.include("[InboxAlreadyExecuted(1, 7)]");
    expect(shortError(new Error("nonce too low"))).to.equal("nonce too low");
  });

  it("under an older system Node the CLI says how to run it through the project's Node 22", function () {
    const system = "/usr/bin/node";
    const version = spawnSync(system, ["--version"], { encoding: "utf8" });
    if (version.error !== undefined || !/^v(1\d|2[01])\./.test(version.stdout)) this.skip(); // needs a Node < 22 to try
    const result = spawnSync(
      system,
      [join(repoRoot, "relayer", "bin", "btt-relayer.js"), "status", "--config", "relayer.json"],
      { cwd: repoRoot, encoding: "utf8" },
    );
    expect(result.status).to.equal(2);
    expect(result.stderr).to.include(
      `btt-relayer needs Node >= 22.18 (this is ${version.stdout.trim().slice(1)}); run it with the project's Node 22:`,
    );
    expect(result.stderr).to.include("node_modules/.bin/node relayer/bin/btt-relayer.js status --config relayer.json");
  });
});
