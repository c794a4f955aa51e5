/**
 * The one `hardhat node` launcher: a child process serving JSON-RPC (HTTP and WebSocket) on
 * 127.0.0.1 with a given chain id, optionally running a Hardhat network's configuration (the TRON
 * stand-in's `shanghai` hardfork). Used by the devnet (`npm start`) and, through thin wrappers, by
 * the tests. Every node started here is SIGKILLed when this process exits, should nobody stop it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync, realpathSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const hardhatBin = join(repoRoot, "node_modules", ".bin", "hardhat");
/** What nodes run with: the project's networks, no plugins, no build infos (see the file). */
const nodeConfig = join(repoRoot, "devnet", "node.config.ts");
/** Makes a node exit when its parent is gone (see the file). */
const parentGuard = join(repoRoot, "devnet", "parentGuard.ts");
const nodeKeepAlive = join(repoRoot, "devnet", "nodeKeepAlive.ts");
export const HOST = "127.0.0.1";

export interface NodeOptions {
  readonly chainId: number;
  /** Hardhat network (type edr-simulated) whose configuration the node runs: hardfork, accounts. Default "node" (Hardhat's). */
  readonly network?: string;
  /** A fixed port: fails with `PortInUseError` when it is taken. Default: a free port. */
  readonly port?: number;
  /** How long the node may take to answer eth_chainId. */
  readonly timeoutMs?: number;
  /** Keep `hardhat node`'s log of every RPC call (read it with `output()`). Default off: it costs CPU per request. */
  readonly requestLog?: boolean;
}

/** A running `hardhat node`. */
export interface HardhatNode {
  readonly url: string;
  /** The WebSocket endpoint of the same server. */
  readonly wsUrl: string;
  readonly port: number;
  readonly chainId: number;
  readonly network: string;
  readonly child: ChildProcess;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /** The last few KiB the node printed (stdout and stderr). */
  output(): string;
  /** SIGSTOP: the node stops answering (sockets stay open, requests hang). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Resumes it if paused, SIGTERM, SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export class PortInUseError extends Error {
  override readonly name = "PortInUseError";
  readonly port: number;
  constructor(port: number) {
    super(
      `port ${port} on ${HOST} is already in use (another hardhat node or devnet?): stop what holds it, or let the devnet pick free ports`,
    );
    this.port = port;
  }
}

/** Whether nothing listens on `port` of 127.0.0.1. */
export async function portIsFree(port: number): Promise<boolean> {
  const server = createServer();
  const free = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(port, HOST, () => resolve(true));
  });
  if (free) {
    server.close();
    await once(server, "close");
  }
  return free;
}

/**
 * A TCP port that was free on 127.0.0.1 a moment ago. It is drawn outside the kernel's ephemeral
 * range, where outgoing connections take their local ports: a port the kernel handed out as
 * "free" could otherwise be the local end of some connection by the time a child process binds it.
 */
export async function freePort(): Promise<number> {
  const window = portWindow();
  for (let attempt = 0; window !== undefined && attempt < 64; attempt++) {
    const port = window.low + Math.floor(Math.random() * (window.high - window.low + 1));
    if (handedOut.has(port) || !(await portIsFree(port))) continue;
    handedOut.add(port);
    return port;
  }
  const server = createServer();
  server.listen(0, HOST);
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  server.close();
  await once(server, "close");
  return port;
}

/** Ports this process already handed out (two callers must not get one port before either binds it). */
const handedOut = new Set<number>();

/** The ports below (or above) the ephemeral range, if there is room there. */
function portWindow(): { low: number; high: number } | undefined {
  let low = 32768;
  let high = 60999;
  try {
    [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number) as [
      number,
      number,
    ];
  } catch {
    // not Linux: assume the kernel's usual default
  }
  if (low - 1 >= 12_000) return { low: 10_000, high: low - 1 };
  if (high + 1 <= 63_000) return { low: high + 1, high: 65_535 };
  return undefined;
}

/** One JSON-RPC call over HTTP; throws with the node's error message. */
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

const live = new Map<ChildProcess, HardhatNode>();
process.on("exit", () => {
  for (const child of live.keys()) child.kill("SIGKILL");
});

/** Stops every node this process started and has not stopped yet. */
export async function stopAllNodes(): Promise<void> {
  await Promise.all([...live.values()].map((node) => node.stop()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `hardhat node --hostname 127.0.0.1 --port P --chain-id N` and waits until it answers with that chain id. */
export async function startHardhatNode(options: NodeOptions): Promise<HardhatNode> {
  if (options.port !== undefined) {
    if (!(await portIsFree(options.port))) throw new PortInUseError(options.port);
    return launch(options, options.port);
  }
  // A free port can be taken between the probe and the node's listen: try another one then.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(options, await freePort());
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt === 3) throw error;
    }
  }
}

/** Whether the node's own output says it serves JSON-RPC on `port` (printed once it has bound it). */
function listening(output: string, port: number): boolean {
  return output.includes(`JSON-RPC server at http://${HOST}:${port}/`);
}

async function launch(options: NodeOptions, port: number): Promise<HardhatNode> {
  const { chainId, timeoutMs = 90_000 } = options;
  const network = options.network ?? "node";
  const args = [
    "--config",
    nodeConfig,
    "node",
    "--network",
    network,
    "--hostname",
    HOST,
    "--port",
    String(port),
    "--chain-id",
    String(chainId),
  ];
  // Our stdin pipe is the node's lifeline: it closes when this process dies, however it dies.
  const child = spawn(
    process.execPath,
    ["--import", parentGuard, "--import", nodeKeepAlive, realpathSync(hardhatBin), ...args],
    {
      cwd: repoRoot,
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, FORCE_COLOR: "0" },
    },
  );
  const exited = once(child, "exit").then(() => void live.delete(child));
  let tail = "";
  let bound = false; // set once the child itself says it serves the port
  const keep = (chunk: Buffer) => {
    const text = tail + chunk.toString();
    if (!bound && listening(text, port)) bound = true;
    tail = text.slice(-8_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const url = `http://${HOST}:${port}`;
  const node: HardhatNode = {
    url,
    wsUrl: `ws://${HOST}:${port}`,
    port,
    chainId,
    network,
    child,
    rpc: (method, params = []) => rpcCall(url, method, params),
    output: () => tail,
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    stop: async (graceMs = 5_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGCONT");
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  live.set(child, node);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      if (/EADDRINUSE/.test(tail)) throw new PortInUseError(port);
      throw new Error(
        `hardhat node (${network}, chain ${chainId}) exited with ${child.exitCode ?? child.signalCode}: ${tail}`,
      );
    }
    // Only our own child's word that it bound the port makes the URL ours: another devnet's node
    // started in the same second on the same port answers eth_chainId with the same chain id.
    let answered: number | undefined;
    if (bound) {
      try {
        answered = Number(await rpcCall<string>(url, "eth_chainId", [], 2_000));
      } catch {
        // not answering yet
      }
    }
    if (answered !== undefined) {
      if (answered !== chainId) {
        await node.stop();
        throw new Error(`the node on ${url} reports chain id ${answered}, expected ${chainId}`);
      }
      break;
    }
    if (Date.now() > deadline) {
      await node.stop(0);
      throw new Error(`hardhat node on ${url} did not answer within ${timeoutMs} ms: ${tail}`);
    }
    await sleep(200);
  }
  if (options.requestLog !== true) await node.rpc("hardhat_setLoggingEnabled", [false]);
  return node;
}
