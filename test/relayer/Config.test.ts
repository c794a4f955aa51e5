import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { join } from "node:path";

import { expect } from "chai";
import { encryptKeystoreJsonSync } from "ethers";
import { TronWeb } from "tronweb";
import { privateKeyToAccount } from "viem/accounts";

import { checkContractKind } from "../../relayer/src/chain/preflight.ts";
import { ChainCheckError, ConfigError } from "../../relayer/src/errors.ts";
import { toTronAddress } from "../../sdk/src/tron/index.ts";
import { resolveKey } from "../../relayer/src/config/keys.ts";
import { applyEnvOverrides, loadConfig, parseConfig } from "../../relayer/src/config/load.ts";
import { redactConfig } from "../../relayer/src/config/redact.ts";
import { createLogger } from "../../relayer/src/observability/log.ts";
import { startRelayer } from "../../relayer/src/Relayer.ts";
import { deployToken, publicClientFor, tempDir, writeConfig } from "./support/fixture.ts";
import { freePort, repoRoot, sharedNode, type HardhatNode } from "./support/node.ts";

const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;
const ADDRESS = privateKeyToAccount(KEY).address;
const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

function base(overrides: Record<string, unknown> = {}) {
  return {
    chains: { bttc: { rpcUrl: "http://127.0.0.1:8545" } },
    keys: { payer: {} },
    duties: { payout: { chain: "bttc", key: "payer", token: TOKEN, requestsFile: "r.json" } },
    ...overrides,
  };
}

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return ((error as ConfigError).details.problems as string[] | undefined) ?? [(error as ConfigError).shortMessage];
  }
  throw new Error("expected a ConfigError");
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [join(repoRoot, "relayer", "bin", "btt-relayer.js"), ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("Relayer configuration", function () {
  describe("schema", function () {
    it("parses a minimal config with defaults: dry run, 127.0.0.1, confirmations 2", function () {
      const config = parseConfig(base());
      expect(config.sendTransactions).to.equal(false);
      expect(config.http).to.deep.equal({ enabled: true, host: "127.0.0.1", port: 9464 });
      expect(config.chains.bttc?.confirmations).to.equal(2);
      expect(config.chains.bttc?.fees.maxFeePerGasCap).to.equal(500_000_000_000n);
      expect(config.duties.payout?.batchSize).to.equal(50);
    });

    it("accepts relayer/config.example.json (dry run; keys come from the environment)", function () {
      const { config } = loadConfig(join(repoRoot, "relayer", "config.example.json"), {});
      expect(config.sendTransactions).to.equal(false);
      expect(Object.keys(config.chains)).to.deep.equal(["bttc", "nile"]);
      expect(config.chains.nile?.tron?.feeLimitCapSun).to.equal(200_000_000n);
    });

    it("rejects an unknown chain, naming the known ones", function () {
      const found = problems(() => parseConfig(base({ chains: { bttcc: { rpcUrl: "http://127.0.0.1:8545" } } })));
      expect(found[0]).to.match(
        /^chains\.bttcc: unknown chain 'bttcc'; known chains: bttc, tron, ethereum, bnb, bttcDonau, nile/,
      );
    });

    it("rejects a bad URL, a chain id that contradicts the chain, and local without an id", function () {
      const found = problems(() =>
        parseConfig(
          base({
            chains: {
              bttc: { rpcUrl: "ftp://example.com", chainId: 1029 },
              local: { rpcUrl: "not a url" },
            },
          }),
        ),
      );
      expect(found).to.include("chains.bttc.rpcUrl: expected an http(s):// or ws(s):// URL");
      expect(found).to.include("chains.local.rpcUrl: expected an http(s):// or ws(s):// URL");
      expect(found).to.include("chains.bttc.chainId: chain 'bttc' has id 199, not 1029");
      expect(found).to.include("chains.local.chainId: chain 'local' needs an explicit chainId");
    });

    it("rejects a missing or malformed contract address and references to unconfigured chains and keys", function () {
      expect(
        problems(() =>
          parseConfig(base({ duties: { payout: { chain: "bttc", key: "payer", requestsFile: "r.json" } } })),
        ),
      ).to.include("duties.payout.token: Invalid input: expected string, received undefined");
      expect(
        problems(() =>
          parseConfig(
            base({ duties: { payout: { chain: "bttc", key: "payer", token: "0x1234", requestsFile: "r.json" } } }),
          ),
        ),
      ).to.include("duties.payout.token: expected a 0x-prefixed 20-byte hex address");
      const found = problems(() =>
        parseConfig(
          base({ duties: { payout: { chain: "bnb", key: "signer", token: TOKEN, requestsFile: "r.json" } } }),
        ),
      );
      expect(found).to.deep.equal([
        "duties.payout.chain: chain 'bnb' is not configured under 'chains'",
        "duties.payout.key: key 'signer' is not configured under 'keys'",
      ]);
    });

    it("never reads a private key from the file, and refuses duties not built yet", function () {
      expect(problems(() => parseConfig(base({ keys: { payer: { privateKey: KEY } } })))).to.deep.equal([
        "keys.payer.privateKey: private keys are never read from the config file: set BTT_RELAYER_KEY_<NAME> or use a keystore",
      ]);
      expect(problems(() => parseConfig(base({ duties: { checkpoints: { enabled: true } } })))).to.deep.equal([
        "duties.checkpoints.chain: Invalid input: expected string, received undefined",
        "duties.checkpoints.key: Invalid input: expected string, received undefined",
        "duties.checkpoints.home: Invalid input: expected string, received undefined",
        "duties.checkpoints.streams: Invalid input: expected array, received undefined",
      ]);
      expect(problems(() => parseConfig(base({ dutiez: {} })))[0]).to.match(/Unrecognized key: "dutiez"/);
    });

    it("applies BTT_RELAYER_* overrides by path and keeps key variables out of the config", function () {
      const raw = applyEnvOverrides(base(), {
        BTT_RELAYER_SEND_TRANSACTIONS: "true",
        BTT_RELAYER_CHAINS__BTTC__RPC_URL: "https://rpc.example.org/v1/secret",
        BTT_RELAYER_CHAINS__BTTC__CONFIRMATIONS: "12",
        BTT_RELAYER_HTTP__AUTH_TOKEN: "a-long-enough-shared-token",
        BTT_RELAYER_KEY_PAYER: KEY,
        OTHER: "ignored",
      });
      const config = parseConfig(raw);
      expect(config.sendTransactions).to.equal(true);
      expect(config.chains.bttc?.rpcUrl).to.equal("https://rpc.example.org/v1/secret");
      expect(config.chains.bttc?.confirmations).to.equal(12);
      expect(JSON.stringify(raw)).to.not.include(KEY.slice(2));
      const redacted = JSON.stringify(redactConfig(config));
      expect(redacted).to.not.include("secret");
      expect(redacted).to.not.include("a-long-enough-shared-token");
      expect(redacted).to.include('"rpcUrl":"https://rpc.example.org/…"');
      expect(redacted).to.include('"authToken":"[redacted]"');
      expect(redacted).to.include('"host":"127.0.0.1"');
    });
  });

  describe("keys", function () {
    it("derives EVM and TRON addresses from an environment key", function () {
      const key = resolveKey("payer", {}, "/", { BTT_RELAYER_KEY_PAYER: KEY });
      expect(key.address).to.equal(ADDRESS);
      expect(key.tronAddress).to.equal(TronWeb.address.fromHex(`41${ADDRESS.slice(2)}`));
      expect(toTronAddress("0x0000000000000000000000000000000000000000")).to.equal(
        "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb",
      );
    });

    it("rejects a missing, malformed, out-of-range or wrong key with what to do", function () {
      expect(() => resolveKey("payer", {}, "/", {})).to.throw(ConfigError, "key 'payer' is not set");
      expect(() => resolveKey("payer", {}, "/", { BTT_RELAYER_KEY_PAYER: "0x1234" })).to.throw(
        ConfigError,
        "key 'payer' is malformed",
      );
      expect(() => resolveKey("payer", {}, "/", { BTT_RELAYER_KEY_PAYER: `0x${"ff".repeat(32)}` })).to.throw(
        ConfigError,
        "not a valid secp256k1 private key",
      );
      expect(() =>
        resolveKey("payer", { address: "0x000000000000000000000000000000000000dEaD" }, "/", {
          BTT_RELAYER_KEY_PAYER: KEY,
        }),
      ).to.throw(ConfigError, `key 'payer' is the wrong key`);
    });

    it("decrypts a v3 keystore with its password from the environment", function () {
      const dir = tempDir();
      const json = encryptKeystoreJsonSync({ address: ADDRESS, privateKey: KEY }, "correct horse", {
        scrypt: { N: 1024 },
      });
      writeFileSync(join(dir, "payer.json"), json);
      const key = resolveKey("payer", { keystore: "payer.json" }, dir, {
        BTT_RELAYER_KEYSTORE_PASSWORD_PAYER: "correct horse",
      });
      expect(key.address).to.equal(ADDRESS);
      expect(key.privateKey).to.equal(KEY);
      expect(() =>
        resolveKey("payer", { keystore: "payer.json" }, dir, { BTT_RELAYER_KEYSTORE_PASSWORD_PAYER: "wrong" }),
      ).to.throw(ConfigError, "wrong keystore password");
      expect(() => resolveKey("payer", { keystore: "payer.json" }, dir, {})).to.throw(
        ConfigError,
        "the keystore password is not set",
      );
    });
  });

  describe("start-up checks against a real node", function () {
    let node: HardhatNode;
    let token: `0x${string}`;
    const silent = createLogger("silent");

    before(async function () {
      node = await sharedNode(31337);
      token = await deployToken(node);
    });

    async function startError(config: ReturnType<typeof writeConfig>, env = config.env): Promise<Error> {
      try {
        const relayer = await startRelayer({
          loaded: loadConfig(config.file, env),
          env,
          log: silent,
          processMetrics: false,
        });
        await relayer.stop();
      } catch (error) {
        return error as Error;
      }
      throw new Error("expected the relayer to refuse to start");
    }

    it("refuses an unreachable RPC, a node of another chain, and a contract address without code", async function () {
      const unreachable = writeConfig({
        node: { ...node, url: `http://127.0.0.1:${await freePort()}` },
        token,
        key: KEY,
        chain: { rpcTimeoutMs: 500 },
      });
      const error1 = await startError(unreachable);
      expect(error1).to.be.instanceOf(ChainCheckError);
      expect((error1 as ChainCheckError).shortMessage).to.equal("chain 'local': the RPC endpoint does not answer");

      const otherChain = writeConfig({ node: { ...node, chainId: 4242 }, token, key: KEY });
      expect((await startError(otherChain)).message).to.include(
        "chain 'local': the RPC endpoint serves chain id 31337, not 4242",
      );

      const noCode = writeConfig({ node, token: "0x000000000000000000000000000000000000bEEF", key: KEY });
      expect((await startError(noCode)).message).to.include(
        "duties.payout.token: no contract code at 0x000000000000000000000000000000000000bEEF on chain 'local'",
      );
    });

    it("CLI: exit code 2 with a clear message for bad configuration; keys and status print what they read", async function () {
      const config = writeConfig({ node, token, key: KEY, send: false });
      const unknown = writeConfig({ node, token, key: KEY, dir: tempDir() });
      const text = JSON.parse((await import("node:fs")).readFileSync(unknown.file, "utf8")) as Record<string, any>;
      text.chains = { mars: text.chains.local };
      writeFileSync(unknown.file, JSON.stringify(text));

      const bad = cli(["start", "--config", unknown.file], unknown.env);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.include("chains.mars: unknown chain 'mars'");

      const wrongKey = cli(["keys", "--config", config.file], { BTT_RELAYER_KEY_PAYER: "0xnothex" });
      expect(wrongKey.code).to.equal(2);
      expect(wrongKey.stderr).to.include("key 'payer' is malformed");

      const keys = cli(["keys", "--config", config.file], config.env);
      expect(keys.code).to.equal(0);
      expect(keys.stdout).to.include(`evm:  ${ADDRESS}`);
      expect(keys.stdout).to.include(`tron: ${toTronAddress(ADDRESS)}`);
      expect(keys.stdout + keys.stderr).to.not.include(KEY.slice(2));

      const status = cli(["status", "--config", config.file], config.env);
      expect(status.code).to.equal(0);
      expect(status.stdout).to.include("no database yet");
    });

    it("refuses a contract of the wrong kind (a contract that is not a token as the payout token; a token as an Inbox)", async function () {
      const notToken = "0x00000000000000000000000000000000000e1e10";
      await node.rpc("hardhat_setCode", [notToken, "0x60006000fd"]); // code that reverts every call
      const error = await startError(writeConfig({ node, token: notToken, key: KEY }));
      expect(error).to.be.instanceOf(ChainCheckError);
      expect((error as ChainCheckError).shortMessage).to.equal(
        `duties.payout.token: the contract at ${notToken} on chain 'local' is not an ERC-20 token`,
      );
      const client = publicClientFor(node);
      const wrong = await checkContractKind(client, "bttc", "duties.messages.endpoints.bttc.inbox", token).catch(
        (e: unknown) => e,
      );
      expect((wrong as ChainCheckError).shortMessage).to.equal(
        `duties.messages.endpoints.bttc.inbox: the contract at ${token} on chain 'bttc' is not an Inbox`,
      );
      await checkContractKind(client, "local", "duties.payout.token", token); // the right kind passes
    });

    it("reports an RPC that accepts connections but never answers within seconds, whatever rpcTimeoutMs says", async function () {
      const held: Socket[] = [];
      const silentNode = createServer((socket) => void held.push(socket)); // reads nothing, answers nothing
      await new Promise<void>((resolve) => silentNode.listen(0, "127.0.0.1", resolve));
      const port = (silentNode.address() as { port: number }).port;
      try {
        const error = await startError(
          writeConfig({
            node: { ...node, url: `http://127.0.0.1:${port}` },
            token,
            key: KEY,
            chain: { rpcTimeoutMs: 120_000 },
          }),
        );
        expect(error).to.be.instanceOf(ChainCheckError);
        expect((error as ChainCheckError).shortMessage).to.equal("chain 'local': the RPC endpoint does not answer");
        expect(error.message).to.include("no answer within 5000 ms");
      } finally {
        for (const socket of held) socket.destroy();
        silentNode.close();
      }
    });

    it("a config problem from an environment variable names the variable", function () {
      const config = writeConfig({ node, token, key: KEY });
      let error: unknown;
      try {
        loadConfig(config.file, {
          ...config.env,
          BTT_RELAYER_HTTP__PORT: "99999",
          BTT_RELAYER_CHAINS__LOCAL__CONFIRMATIONS: "0",
        });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(ConfigError);
      expect((error as Error).message)
        .to.include("http.port")
        .and.to.include("(set by the environment variable BTT_RELAYER_HTTP__PORT)");
      expect((error as Error).message).to.include(
        "(set by the environment variable BTT_RELAYER_CHAINS__LOCAL__CONFIRMATIONS)",
      );
    });
  });
});
