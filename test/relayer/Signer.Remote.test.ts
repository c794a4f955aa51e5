/**
 * Validator keys in a remote signer: a real HTTP server implementing web3signer's ETH1 signing
 * endpoint over a local key (the remote signer), and hostile ones (another key, high s, garbage,
 * an oversized answer, a server that holds the request). Every bad answer is a typed
 * RemoteSignerError in bounded time and nothing of it is stored; the double-sign guard refuses a
 * conflicting checkpoint before the remote signer is asked.
 */
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount, sign, serializeSignature } from "viem/accounts";

import { hashMessage, recoverMessageSigner, toHighS, type Checkpoint } from "../../sdk/src/messages/index.ts";
import { resolveKey, type RemoteKey } from "../../relayer/src/config/keys.ts";
import { parseConfig } from "../../relayer/src/config/load.ts";
import { ProposalRefused } from "../../relayer/src/consensus/expected.ts";
import { checkpointSlot, SignatureGuard } from "../../relayer/src/duties/signer/guard.ts";
import { messageSignerFor, signingData } from "../../relayer/src/duties/signer/messageSigner.ts";
import { ConfigError, RemoteSignerError } from "../../relayer/src/errors.ts";
import { SqliteStore } from "../../relayer/src/store/SqliteStore.ts";

const VALIDATOR = keccak256(toHex("remote signer test validator"));
const OTHER = keccak256(toHex("remote signer test other key"));
const validator = privateKeyToAccount(VALIDATOR);
const publicKey = `0x${validator.publicKey.slice(4)}` as Hex;

const checkpoint: Checkpoint = {
  sourceChainId: 1n,
  destChainId: 199n,
  destContract: "0x00000000000000000000000000000000000000a1",
  epoch: 3n,
  startBlock: 100n,
  endBlock: 150n,
  blockRoot: keccak256(toHex(1)),
  messageRoot: keccak256(toHex(2)),
  messageCount: 7n,
};

type Mode = "honest" | "wrong-key" | "high-s" | "garbage" | "huge" | "hang" | "500";

/** web3signer's POST /api/v1/eth1/sign/{identifier}: signs keccak256(data) with the key the identifier names. */
class Web3SignerLike {
  readonly requests: string[] = [];
  private readonly held: ServerResponse[] = [];
  private server: Server | undefined;
  constructor(readonly mode: Mode) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((done) => this.server!.listen(0, "127.0.0.1", done));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((done) => (this.server === undefined ? done() : this.server.close(() => done())));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body = "";
    for await (const chunk of req) body += String(chunk);
    this.requests.push(req.url ?? "");
    const match = /^\/api\/v1\/eth1\/sign\/(0x[0-9a-f]{128})$/.exec(req.url ?? "");
    if (req.method !== "POST" || match === null) return void res.writeHead(404).end();
    if (match[1] !== publicKey) return void res.writeHead(404).end("Public Key not found");
    const { data } = JSON.parse(body) as { data: Hex };
    if (this.mode === "hang") return void this.held.push(res);
    if (this.mode === "500") return void res.writeHead(500).end("Internal Web3Signer server error");
    if (this.mode === "huge")
      return void res.writeHead(200, { "content-type": "text/plain" }).end("0".repeat(64 * 1024));
    if (this.mode === "garbage")
      return void res.writeHead(200, { "content-type": "text/plain" }).end("0xnot-a-signature");
    const key = this.mode === "wrong-key" ? OTHER : VALIDATOR;
    let signature = serializeSignature(await sign({ hash: keccak256(data), privateKey: key }));
    if (this.mode === "high-s") signature = toHighS(signature);
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(signature);
  }
}

function remoteKey(url: string, timeoutMs = 5_000): RemoteKey {
  const key = resolveKey("validator", { address: validator.address, remote: { url, publicKey, timeoutMs } }, "/", {});
  if (key.kind !== "remote") throw new Error("expected a remote key");
  return key;
}

async function rejection(promise: Promise<unknown>): Promise<RemoteSignerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(RemoteSignerError);
    return error as RemoteSignerError;
  }
  throw new Error("expected a RemoteSignerError");
}

describe("Relayer signer: validator keys in a remote signer (web3signer ETH1 API)", function () {
  this.timeout(30_000);
  let store: SqliteStore;
  let guard: SignatureGuard;
  const servers: Web3SignerLike[] = [];
  const digest = hashMessage("Checkpoint", checkpoint);
  const slot = checkpointSlot(checkpoint);

  async function serve(mode: Mode): Promise<{ server: Web3SignerLike; url: string }> {
    const server = new Web3SignerLike(mode);
    servers.push(server);
    return { server, url: await server.start() };
  }

  beforeEach(function () {
    store = new SqliteStore(join(mkdtempSync(join(tmpdir(), "btt-remote-")), "r.db"));
    guard = new SignatureGuard(store);
  });
  afterEach(async function () {
    await store.close();
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it("sends the EIP-712 pre-image, whose keccak256 is the message digest", function () {
    expect(keccak256(signingData("Checkpoint", checkpoint))).to.equal(digest);
    expect(signingData("Checkpoint", checkpoint).slice(0, 6)).to.equal("0x1901");
  });

  it("signs through the remote signer: the signature recovers to the validator, is stored, and is answered again without asking it", async function () {
    const { server, url } = await serve("honest");
    const signer = messageSignerFor(remoteKey(url));
    const signature = await guard.signOnce(signer, "checkpoint", slot, digest, "Checkpoint", checkpoint);
    expect(await recoverMessageSigner("Checkpoint", checkpoint, signature)).to.equal(validator.address);
    expect(server.requests).to.deep.equal([`/api/v1/eth1/sign/${publicKey}`]);
    expect(await guard.stored(validator.address, "checkpoint", slot)).to.equal(signature);
    expect(await guard.signOnce(signer, "checkpoint", slot, digest, "Checkpoint", checkpoint)).to.equal(signature);
    expect(server.requests).to.have.length(1);
  });

  it("refuses a conflicting checkpoint before the remote signer is asked", async function () {
    const { server, url } = await serve("honest");
    const signer = messageSignerFor(remoteKey(url));
    await guard.signOnce(signer, "checkpoint", slot, digest, "Checkpoint", checkpoint);
    const conflicting = { ...checkpoint, blockRoot: keccak256(toHex(9)) };
    const attempt = guard.signOnce(
      signer,
      "checkpoint",
      checkpointSlot(conflicting),
      hashMessage("Checkpoint", conflicting),
      "Checkpoint",
      conflicting,
    );
    await attempt.then(
      () => expect.fail("signed a conflicting checkpoint"),
      (error: unknown) => expect((error as ProposalRefused).code).to.equal("conflict"),
    );
    expect(server.requests).to.have.length(1);
  });

  for (const [mode, reason] of [
    ["wrong-key", "wrong-key"],
    ["high-s", "high-s"],
    ["garbage", "malformed"],
    ["huge", "malformed"],
    ["500", "status"],
  ] as const)
    it(`refuses a remote signer answering ${mode} (${reason}) and stores nothing`, async function () {
      const { url } = await serve(mode);
      const error = await rejection(
        guard.signOnce(messageSignerFor(remoteKey(url)), "checkpoint", slot, digest, "Checkpoint", checkpoint),
      );
      expect(error.reason).to.equal(reason);
      expect(await guard.stored(validator.address, "checkpoint", slot)).to.equal(undefined);
      expect(await guard.byDigest(digest)).to.equal(undefined);
    });

  it("gives up on a remote signer that holds the request with a timeout error, and the slot stays claimed for this content only", async function () {
    const { server, url } = await serve("hang");
    const started = Date.now();
    const error = await rejection(
      guard.signOnce(messageSignerFor(remoteKey(url, 300)), "checkpoint", slot, digest, "Checkpoint", checkpoint),
    );
    expect(error.reason).to.equal("timeout");
    expect(Date.now() - started).to.be.below(15_000);
    expect(server.requests).to.have.length(1);
    // The remote signer may have signed: other content for the slot is refused from now on.
    const conflicting = { ...checkpoint, messageCount: 8n };
    const refused = await guard.reserve(validator.address, "checkpoint", checkpointSlot(conflicting)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).to.be.instanceOf(ProposalRefused);
  });

  it("reports an unreachable remote signer as such", async function () {
    const { server, url } = await serve("honest");
    await server.stop();
    const error = await rejection(messageSignerFor(remoteKey(url)).sign("Checkpoint", checkpoint));
    expect(error.reason).to.equal("unreachable");
  });

  describe("configuration", function () {
    const chains = { bttc: { rpcUrl: "http://127.0.0.1:8545" } };
    const remote = { url: "https://signer.example:9000", publicKey };

    it("resolves a remote key to its address, and refuses a public key of another address", function () {
      const key = resolveKey(
        "validator",
        { address: validator.address, remote: { ...remote, timeoutMs: 5_000 } },
        "/",
        {},
      );
      expect(key).to.include({
        kind: "remote",
        address: validator.address,
        source: "remote signer https://signer.example:9000",
      });
      const other = privateKeyToAccount(OTHER).address;
      expect(() =>
        resolveKey("validator", { address: other, remote: { ...remote, timeoutMs: 5_000 } }, "/", {}),
      ).to.throw(ConfigError, "its public key is not the configured address's");
    });

    it("refuses a remote key without an address, with env or keystore, and as a transaction key", function () {
      const problems = (raw: unknown): string => {
        try {
          parseConfig(raw);
        } catch (error) {
          expect(error).to.be.instanceOf(ConfigError);
          return JSON.stringify((error as ConfigError).details);
        }
        return "";
      };
      expect(problems({ chains, keys: { v: { remote } } })).to.include("needs its address");
      expect(problems({ chains, keys: { v: { remote, address: validator.address, env: "V_KEY" } } })).to.include(
        "has no env",
      );
      expect(
        problems({
          chains,
          keys: { v: { remote, address: validator.address } },
          duties: {
            payout: {
              chain: "bttc",
              key: "v",
              token: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
              requestsFile: "r.json",
            },
          },
        }),
      ).to.include("held by a remote signer");
      expect(problems({ chains, keys: { v: { remote, address: validator.address } } })).to.equal("");
    });
  });
});
