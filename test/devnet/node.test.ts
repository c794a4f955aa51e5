/**
 * The `hardhat node` launcher (devnet/node.ts) that the devnet and the relayer and deploy
 * tests share: fixed and free ports, a clear error on a taken port, pause/resume, stop.
 */
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";

import { expect } from "chai";

import { localChains } from "../../deploy/chains.ts";
import projectConfig from "../../hardhat.config.ts";
import nodeConfig from "../../devnet/node.config.ts";
import {
  PortInUseError,
  freePort,
  portIsFree,
  repoRoot,
  rpcCall,
  startHardhatNode,
  type HardhatNode,
} from "../../devnet/node.ts";

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
  );
}

describe("devnet: hardhat node launcher", function () {
  const started: HardhatNode[] = [];
  after(async () => {
    for (const node of started) await node.stop();
  });

  it("runs nodes with the project's local networks (chain ids, hardfork), without its plugins", () => {
    for (const { network } of localChains) {
      expect(nodeConfig.networks?.[network], network).to.deep.equal(projectConfig.networks?.[network]);
    }
    expect(nodeConfig.plugins ?? []).to.deep.equal([]);
  });

  it("starts a node on a fixed port running a project network's configuration (TRON stand-in: shanghai)", async () => {
    const port = await freePort();
    const node = await startHardhatNode({ chainId: 728126428, network: "tron", port });
    started.push(node);
    expect(node.url).to.equal(`http://127.0.0.1:${port}`);
    expect(Number(await node.rpc<string>("eth_chainId"))).to.equal(728126428);
    // shanghai: PUSH0 runs, TLOAD (cancun) is an invalid opcode.
    expect(await node.rpc("eth_call", [{ data: "0x5f5f5f00" }, "latest"])).to.equal("0x");
    expect((await rejection(node.rpc("eth_call", [{ data: "0x5f5c00" }, "latest"]))).message).to.match(
      /invalid opcode/,
    );
    expect(await portIsFree(port)).to.equal(false);
    // Idle keep-alive connections are the client's to close: no "Keep-Alive: timeout=5" deadline
    // that a late client timer can race (a request on a connection closed under it fails).
    const response = await fetch(node.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    await response.text();
    expect(response.headers.get("connection")).to.equal("keep-alive");
    expect(response.headers.get("keep-alive"), "a server-side idle deadline").to.equal(null);
  });

  it("refuses a fixed port that is taken, naming it", async () => {
    const server = createServer();
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    try {
      const error = await rejection(startHardhatNode({ chainId: 56, port }));
      expect(error).to.be.instanceOf(PortInUseError);
      expect((error as PortInUseError).port).to.equal(port);
      expect(error.message).to.include(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      server.close();
    }
  });

  it("never takes another process's node for its own when the port is taken after the probe", async () => {
    // Another devnet's node, started in the same second, binds the port between our probe and our
    // node's listen and answers eth_chainId with the same chain id: a stand-in answers here.
    const port = await freePort();
    const starting = rejection(startHardhatNode({ chainId: 56, port }));
    const impostor = createHttpServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: "0x38" }));
    });
    for (let attempt = 0; ; attempt++) {
      // The probe holds the port for an instant; take it as soon as it lets go.
      const bound = await new Promise<boolean>((resolve) => {
        impostor.once("error", () => resolve(false));
        impostor.listen(port, "127.0.0.1", () => resolve(true));
      });
      if (bound) break;
      if (attempt === 500) expect.fail(`port ${port} never became free`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    try {
      const error = await starting;
      expect(error).to.be.instanceOf(PortInUseError);
      expect((error as PortInUseError).port).to.equal(port);
    } finally {
      impostor.close();
    }
  });

  it("pauses (requests hang), resumes, and stops (the process is gone, the port free)", async () => {
    const node = await startHardhatNode({ chainId: 199 });
    started.push(node);
    node.pause();
    expect((await rejection(rpcCall(node.url, "eth_blockNumber", [], 500))).name).to.equal("TimeoutError");
    node.resume();
    expect(await node.rpc<string>("eth_blockNumber")).to.equal("0x0");
    await node.stop();
    expect(node.child.exitCode !== null || node.child.signalCode !== null).to.equal(true);
    expect(await portIsFree(node.port)).to.equal(true);
    await node.stop(); // idempotent
  });

  it("takes its node down when the process that started it is killed with SIGKILL (no orphan)", async () => {
    // A parent that starts a node, reports it, then is killed -9 before it can clean up.
    const script = `import { startHardhatNode } from ${JSON.stringify(`${repoRoot}/devnet/node.ts`)};
      const n = await startHardhatNode({ chainId: 56 });
      console.log(JSON.stringify({ pid: n.child.pid, port: n.port }));
      process.kill(process.pid, "SIGKILL");`;
    const stdout = await new Promise<string>((resolve) =>
      execFile(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot }, (_error, out) =>
        resolve(out),
      ),
    );
    const { pid, port } = JSON.parse(stdout) as { pid: number; port: number };
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const deadline = Date.now() + 10_000;
    while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(), `hardhat node ${pid} outlived its parent`).to.equal(false);
    expect(await portIsFree(port)).to.equal(true);
  });
});
