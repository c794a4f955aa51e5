/**
 * Real `hardhat node` processes on 127.0.0.1 for the relayer tests: started once per chain id for
 * the whole mocha run (a node takes seconds to boot on a busy machine) and killed by a root
 * `after` hook (and on exit, should mocha die first).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface HardhatNode {
  readonly url: string;
  readonly port: number;
  readonly chainId: number;
  readonly child: ChildProcess;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** SIGSTOP: the node stops answering (sockets stay open, requests hang). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

export async function rpcCall<T>(url: string, method: string, params: unknown[] = [], timeoutMs = 10_000): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export async function startHardhatNode(chainId: number): Promise<HardhatNode> {
  const port = await freePort();
  const child = spawn(
    join(repoRoot, "node_modules", ".bin", "hardhat"),
    ["node", "--hostname", "127.0.0.1", "--port", String(port), "--chain-id", String(chainId)],
    { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hardhat node exited with ${child.exitCode}: ${stderr}`);
    try {
      if (Number(await rpcCall<string>(url, "eth_chainId", [], 2_000)) === chainId) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`hardhat node on ${port} did not answer within 90 s: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    port,
    chainId,
    child,
    rpc: (method, params = []) => rpcCall(url, method, params),
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGCONT");
      child.kill("SIGKILL");
      await once(child, "exit");
    },
  };
}

const nodes = new Map<number, Promise<HardhatNode>>();
const started: HardhatNode[] = [];

/** One node per chain id for the whole test run. */
export function sharedNode(chainId: number): Promise<HardhatNode> {
  let node = nodes.get(chainId);
  if (node === undefined)
    nodes.set(
      chainId,
      (node = startHardhatNode(chainId).then((n) => {
        started.push(n);
        return n;
      })),
    );
  return node;
}

async function stopAll(): Promise<void> {
  for (const node of nodes.values()) await (await node.catch(() => undefined))?.stop();
  nodes.clear();
}

// Evaluated while mocha loads the spec files, so this registers a root-level hook.
if (typeof after === "function") after(stopAll);
process.on("exit", () => {
  for (const node of started) node.child.kill("SIGKILL");
});
