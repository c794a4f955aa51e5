import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { createPublicClient, http, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";

import { parseConfig } from "../../relayer/src/config/load.ts";
import type { RelayerConfigInput } from "../../relayer/src/config/schema.ts";
import { createDuties } from "../../relayer/src/duties/registry.ts";
import { ConfigError } from "../../relayer/src/errors.ts";
import type { AuthenticatedApi } from "../../relayer/src/observability/http.ts";
import { createLogger } from "../../relayer/src/observability/log.ts";
import { RelayerMetrics } from "../../relayer/src/observability/metrics.ts";
import { tokenMatches } from "../../relayer/src/observability/http.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";

const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;
const A = "0x00000000000000000000000000000000000000a1";

function config(http: Record<string, unknown>, signer: Record<string, unknown> = {}): RelayerConfigInput {
  return {
    chains: { bttc: { rpcUrl: "http://127.0.0.1:1" }, ethereum: { rpcUrl: "http://127.0.0.1:1" } },
    keys: { v0: {}, v1: {} },
    http,
    duties: {
      signer: {
        chain: "bttc",
        key: "v0",
        home: "bttc",
        contracts: { bttc: { inbox: A, validatorSet: A }, ethereum: { outbox: A, validatorSet: A } },
        ...signer,
      },
    },
  } as RelayerConfigInput;
}

function create(input: RelayerConfigInput) {
  const parsed = parseConfig(input);
  const store = new SqliteStore(join(mkdtempSync(join(tmpdir(), "btt-ckpt-config-")), "r.db"));
  const mounted: AuthenticatedApi[] = [];
  const address = privateKeyToAccount(KEY).address;
  const keys = new Map(
    ["v0", "v1"].map((name) => [
      name,
      { kind: "local", name, address, tronAddress: "", source: "test", privateKey: KEY } as const,
    ]),
  );
  const clients = new Map<string, PublicClient>(
    ["bttc", "ethereum"].map((n) => [n, createPublicClient({ transport: http("http://127.0.0.1:1") })]),
  );
  const services = {
    keys,
    clients,
    log: createLogger("silent"),
    metrics: new RelayerMetrics({ defaults: false }),
    env: {},
    mountApi: (api: AuthenticatedApi) => void mounted.push(api),
  };
  try {
    return { duties: createDuties({ config: parsed, baseDir: ".", store, services }), mounted };
  } finally {
    void store.close();
  }
}

describe("Relayer signer configuration", function () {
  it("mounts the signature API behind the configured token", async function () {
    const { duties, mounted } = create(config({ host: "0.0.0.0", authToken: "a-long-enough-shared-token" }));
    expect(duties.map((d) => d.name)).to.deep.equal(["signer"]);
    expect(mounted).to.have.length(1);
    expect(mounted[0]?.prefix).to.equal("/v1/");
    expect(mounted[0]?.authToken).to.equal("a-long-enough-shared-token");
  });

  it("refuses to serve signatures on a non-loopback host without a token, allows loopback", async function () {
    expect(() => create(config({ host: "0.0.0.0" }))).to.throw(
      ConfigError,
      /refuses to serve signatures on 0.0.0.0 without a token/,
    );
    expect(create(config({ host: "127.0.0.1" })).mounted[0]?.authToken).to.equal(undefined);
  });

  it("names unknown validator keys and contracts on unconfigured chains", async function () {
    expect(() => create(config({}, { keys: ["v0", "nope"] }))).to.throw(ConfigError, /key 'nope' is not configured/);
    expect(() => create(config({}, { contracts: { bnb: { validatorSet: A } } }))).to.throw(
      ConfigError,
      /chain 'bnb' is not configured/,
    );
  });

  it("compares bearer tokens exactly", async function () {
    expect(tokenMatches("Bearer a-long-enough-shared-token", "a-long-enough-shared-token")).to.equal(true);
    expect(tokenMatches("Bearer a-long-enough-shared-tokeN", "a-long-enough-shared-token")).to.equal(false);
    expect(tokenMatches("a-long-enough-shared-token", "a-long-enough-shared-token")).to.equal(false);
    expect(tokenMatches(undefined, "a-long-enough-shared-token")).to.equal(false);
    expect(tokenMatches("Bearer ", "a-long-enough-shared-token")).to.equal(false);
  });
});
