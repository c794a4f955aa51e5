/**
 * Running a host: `GET /metrics` in Prometheus text after a stored and proven deal, and the key
 * from an encrypted keystore (a wrong or missing password refused with a clear error), new terms
 * announced on SIGHUP (a reload that changes more than the terms refused, the old terms kept).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:net";

import { expect } from "chai";
import type { Hex } from "viem";

import { encryptKeystoreJsonSync } from "ethers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { getHost } from "../../sdk/src/storage/index.ts";
import { hostKeyFromEnv } from "../../storage/src/host/config.ts";
import { ConfigError } from "../../storage/src/shared/errors.ts";

import { placeShard } from "../../storage/src/client/place.ts";
import { startShardSeeder } from "../../storage/src/client/shards.ts";
import { findDeal, type ChainContext } from "../../storage/src/shared/chain.ts";
import { clientChain, shardFile, termsFor } from "./support/client.ts";
import {
  account,
  createHost,
  deployNetwork,
  mineTo,
  tempDir,
  waitFor,
  BTT,
  type HostProcess,
  type Network,
} from "./support/network.ts";

/** `name{labels} value` lines of a Prometheus text document. */
function parseMetrics(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    values.set(line.slice(0, at), line.slice(at + 1));
  }
  return values;
}

/** The error of a host start that must fail (the process exits with its message). */
async function startFailure(host: HostProcess): Promise<Error> {
  try {
    await host.start();
  } catch (error) {
    return error as Error;
  }
  throw new Error("the host started");
}

describe("btt-host: metrics, keystore, reload", function () {
  let net: Network;
  let chain: ChainContext;
  let dir: string;
  const hosts: HostProcess[] = [];

  before(async function () {
    net = await deployNetwork();
    chain = await clientChain(net, (await account(net, 1_000n * BTT)).key);
    dir = tempDir("btt-host-ops-");
  });

  after(async function () {
    for (const host of hosts) await host.kill();
  });

  async function store(host: HostProcess, name: string, size: number): Promise<Hex> {
    const shard = await shardFile(dir, size, name);
    const terms = await termsFor(net, chain, host, shard.tree.commitment);
    const seeder = await startShardSeeder(dir);
    try {
      const placed = await placeShard({ chain, ...terms, endpoint: host.url, seederPort: seeder.port });
      return placed.id;
    } finally {
      await seeder.close();
    }
  }

  it("GET /metrics: deals by state, bytes stored, periods proven, credits claimed, pulls", async function () {
    const host = await createHost(net);
    hosts.push(host);
    await host.start();
    const empty = await fetch(`${host.url}/metrics`);
    expect(empty.status).to.equal(200);
    expect(empty.headers.get("content-type")).to.match(/^text\/plain; version=0\.0\.4/);
    const before = parseMetrics(await empty.text());
    expect(before.get('btt_host_deals{state="accepted"}')).to.equal("0");
    expect(before.get("btt_host_bytes_stored")).to.equal("0");

    const size = 200 << 10;
    const id = await store(host, "metrics.bin", size);
    const deal = (await findDeal(chain, id))!;
    await mineTo(net, deal.start + 1n);
    await waitFor("the host to prove period 0", () => (host.period(id, 0n) === "proven" ? true : undefined));
    const scraped = await waitFor("credits to be claimed", async () => {
      const metrics = parseMetrics(await (await fetch(`${host.url}/metrics`)).text());
      return metrics.get("btt_host_credits_claimed_total") !== "0" ? metrics : undefined;
    });
    expect(scraped.get('btt_host_deals{state="accepted"}')).to.equal("1");
    expect(scraped.get('btt_host_deals{state="refused"}')).to.equal("0");
    expect(scraped.get("btt_host_bytes_stored")).to.equal(String(size));
    expect(Number(scraped.get('btt_host_periods_total{outcome="proven"}'))).to.be.at.least(1);
    expect(scraped.get('btt_host_periods_total{outcome="missed"}')).to.equal("0");
    expect(BigInt(scraped.get("btt_host_credits_claimed_total")!) > 0n).to.equal(true);
    expect(scraped.get("btt_host_pulls_in_progress")).to.equal("0");
  });

  it("takes its key from an encrypted keystore, and refuses a wrong or missing password", async function () {
    const host = await createHost(net, { keystorePassword: "correct horse battery" });
    hosts.push(host);
    host.env.BTT_HOST_KEYSTORE_PASSWORD = "wrong horse";
    let refused = await startFailure(host);
    expect(refused.message).to.include("host exited 1").and.include("Wrong keystore password for");
    expect(refused.message).to.include("BTT_HOST_KEYSTORE_PASSWORD");

    delete host.env.BTT_HOST_KEYSTORE_PASSWORD;
    refused = await startFailure(host);
    expect(refused.message).to.include("BTT_HOST_KEYSTORE_PASSWORD is not");

    host.env.BTT_HOST_KEYSTORE_PASSWORD = "correct horse battery";
    await host.start();
    const info = (await (await fetch(`${host.url}/info`)).json()) as { address: string };
    expect(info.address).to.equal(host.address);
  });

  it("a listen port another program holds: exits 1 naming the port and the setting to change", async function () {
    const host = await createHost(net);
    hosts.push(host);
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(host.port, "127.0.0.1", resolve));
    const taken = host.port;
    try {
      await host.start(); // the harness moves the host to another port after the daemon's refusal
    } finally {
      squatter.close();
    }
    expect(host.port).to.not.equal(taken);
    const printed = host.output.join("");
    expect(printed).to.include(`btt-host: cannot listen on 127.0.0.1:${taken}: the port is in use`);
    expect(printed).to.include("hint: set listen.port in the config");
    expect(printed).to.not.include("Unhandled 'error' event");
    expect((await fetch(`${host.url}/health`)).ok).to.equal(true);
  });

  it("SIGHUP: re-reads the config and announces the new terms; refuses a reload that changes more", async function () {
    const host = await createHost(net);
    hosts.push(host);
    await host.start();
    const onChain = () => getHost(chain.publicClient, { market: net.market, host: host.address });
    const edit = (fields: Record<string, unknown>) =>
      writeFileSync(host.config, JSON.stringify({ ...JSON.parse(readFileSync(host.config, "utf8")), ...fields }));
    const announced = await waitFor("the start-up terms on chain", async () => {
      const terms = await onChain();
      return terms.capacity > 0n ? terms : undefined;
    });
    const price = announced.pricePerGiBPerPeriod * 2n;
    edit({ pricePerGiBPerPeriod: String(price), capacity: String(2n << 30n) });
    host.child!.kill("SIGHUP");
    await waitFor("the new terms on chain", async () =>
      (await onChain()).pricePerGiBPerPeriod === price ? true : undefined,
    );
    expect((await onChain()).capacity).to.equal(2n << 30n);
    const info = (await (await fetch(`${host.url}/info`)).json()) as { pricePerGiBPerPeriod: string };
    expect(info.pricePerGiBPerPeriod).to.equal(String(price));

    edit({ pricePerGiBPerPeriod: String(price * 2n), dataDir: "elsewhere" });
    host.child!.kill("SIGHUP");
    await waitFor("the refused reload in the log", () =>
      host.output.join("").includes("Reload refused: dataDir changed") ? true : undefined,
    );
    expect((await onChain()).pricePerGiBPerPeriod).to.equal(price);
    const kept = (await (await fetch(`${host.url}/info`)).json()) as { pricePerGiBPerPeriod: string };
    expect(kept.pricePerGiBPerPeriod).to.equal(String(price));
    expect(host.child!.exitCode).to.equal(null);
  });

  describe("key variables: each bad combination refused with a ConfigError that names it", function () {
    const key = generatePrivateKey();
    let keystore: string;
    let notKeystore: string;
    before(function () {
      keystore = join(dir, "table.keystore.json");
      const json = encryptKeystoreJsonSync({ address: privateKeyToAccount(key).address, privateKey: key }, "pw", {
        scrypt: { N: 1 << 12 },
      });
      writeFileSync(keystore, json);
      notKeystore = join(dir, "not-a-keystore.json");
      writeFileSync(notKeystore, JSON.stringify({ crypto: { cipher: "aes-256-gcm" } }));
    });

    it("decrypts with the right password", function () {
      expect(hostKeyFromEnv({ BTT_HOST_KEYSTORE: keystore, BTT_HOST_KEYSTORE_PASSWORD: "pw" })).to.equal(key);
    });

    const cases: { name: string; env: () => NodeJS.ProcessEnv; message: string }[] = [
      { name: "no key at all", env: () => ({}), message: "BTT_HOST_KEY must hold" },
      {
        name: "both a key and a keystore",
        env: () => ({ BTT_HOST_KEY: key, BTT_HOST_KEYSTORE: keystore, BTT_HOST_KEYSTORE_PASSWORD: "pw" }),
        message: "Both BTT_HOST_KEY and BTT_HOST_KEYSTORE are set",
      },
      {
        name: "no password",
        env: () => ({ BTT_HOST_KEYSTORE: keystore }),
        message: "BTT_HOST_KEYSTORE_PASSWORD is not",
      },
      {
        name: "a wrong password",
        env: () => ({ BTT_HOST_KEYSTORE: keystore, BTT_HOST_KEYSTORE_PASSWORD: "pW" }),
        message: "Wrong keystore password",
      },
      {
        name: "a missing file",
        env: () => ({ BTT_HOST_KEYSTORE: join(dir, "nope.json"), BTT_HOST_KEYSTORE_PASSWORD: "pw" }),
        message: "Cannot read the keystore",
      },
      {
        name: "a file that is not a v3 keystore",
        env: () => ({ BTT_HOST_KEYSTORE: notKeystore, BTT_HOST_KEYSTORE_PASSWORD: "pw" }),
        message: "is not an aes-128-ctr v3 keystore",
      },
    ];
    for (const c of cases) {
      it(c.name, function () {
        expect(() => hostKeyFromEnv(c.env())).to.throw(ConfigError, c.message);
      });
    }
  });
});
