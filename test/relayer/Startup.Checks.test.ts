import { expect } from "chai";
import { createServer, type Socket } from "node:net";

import { checkContractKind } from "../../relayer/src/chain/preflight.ts";
import { loadConfig } from "../../relayer/src/config/load.ts";
import { ChainCheckError, ConfigError } from "../../relayer/src/errors.ts";
import { createLogger } from "../../relayer/src/observability/log.ts";
import { startRelayer } from "../../relayer/src/Relayer.ts";
import { deployToken, fundedAccount, publicClientFor, writeConfig } from "./support/fixture.ts";
import { sharedNode, type HardhatNode } from "./support/node.ts";

describe("Relayer start-up: clear and fast failures", function () {
  this.timeout(60_000);
  let node: HardhatNode;
  let token: `0x${string}`;
  const silent = createLogger("silent");

  before(async function () {
    node = await sharedNode(31337);
    token = await deployToken(node);
  });

  async function startError(config: ReturnType<typeof writeConfig>, env: NodeJS.ProcessEnv = config.env): Promise<Error> {
    try {
      const relayer = await startRelayer({ loaded: loadConfig(config.file, env), env, log: silent, processMetrics: false });
      await relayer.stop();
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected the relayer to refuse to start");
  }

  it("refuses a contract of the wrong kind (a contract that is not a token as the payout token; a token as an Inbox)", async function () {
    const payer = await fundedAccount(node, token, 1_000n);
    const notToken = "0x00000000000000000000000000000000000e1e10";
    await node.rpc("hardhat_setCode", [notToken, "0x60006000fd"]); // code that reverts every call
    const error = await startError(writeConfig({ node, token: notToken, key: payer.key }));
    expect(error).to.be.instanceOf(ChainCheckError);
    expect((error as ChainCheckError).shortMessage).to.equal(`duties.payout.token: the contract at ${notToken} on chain 'local' is not an ERC-20 token`);

    const client = publicClientFor(node);
    let wrong: unknown;
    await checkContractKind(client, "bttc", "duties.messages.endpoints.bttc.inbox", token).catch((e: unknown) => (wrong = e));
    expect((wrong as ChainCheckError).shortMessage).to.equal(`duties.messages.endpoints.bttc.inbox: the contract at ${token} on chain 'bttc' is not an Inbox`);
    await checkContractKind(client, "local", "duties.payout.token", token); // the right kind passes
  });

  it("reports an RPC that accepts connections but never answers within seconds, whatever rpcTimeoutMs says", async function () {
    const held: Socket[] = [];
    const silentNode = createServer((socket) => void held.push(socket)); // reads nothing, answers nothing
    await new Promise<void>((resolve) => silentNode.listen(0, "127.0.0.1", resolve));
    const port = (silentNode.address() as { port: number }).port;
    try {
      const payer = await fundedAccount(node, token, 1_000n);
      const config = writeConfig({ node: { ...node, url: `http://127.0.0.1:${port}` }, token, key: payer.key, chain: { rpcTimeoutMs: 120_000 } });
      const error = await startError(config);
      expect(error).to.be.instanceOf(ChainCheckError);
      expect((error as ChainCheckError).shortMessage).to.equal("chain 'local': the RPC endpoint does not answer");
      expect(error.message).to.include("no answer within 5000 ms");
    } finally {
      for (const socket of held) socket.destroy();
      silentNode.close();
    }
  });

  it("a config problem from an environment variable names the variable", async function () {
    const payer = await fundedAccount(node, token, 1_000n);
    const config = writeConfig({ node, token, key: payer.key });
    let error: unknown;
    try {
      loadConfig(config.file, { ...config.env, BTT_RELAYER_HTTP__PORT: "99999", BTT_RELAYER_CHAINS__LOCAL__CONFIRMATIONS: "0" });
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConfigError);
    expect((error as Error).message).to.include("http.port").and.to.include("(set by the environment variable BTT_RELAYER_HTTP__PORT)");
    expect((error as Error).message).to.include("(set by the environment variable BTT_RELAYER_CHAINS__LOCAL__CONFIRMATIONS)");
  });
});
