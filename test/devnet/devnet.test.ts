/**
 * The devnet's four nodes (devnet/devnet.ts): the default ports with a fallback to free
 * ones, fixed ports that fail as a whole and leave nothing running. (The story test runs the
 * devnet end to end.)
 */
import { once } from "node:events";
import { createServer, type Server } from "node:net";

import { expect } from "chai";

import { DEFAULT_PORTS, startDevnet } from "../../devnet/devnet.ts";
import { freePort, portIsFree, rpcCall } from "../../devnet/node.ts";

/** Holds `port` on 127.0.0.1, or returns undefined if something already does. */
async function hold(port: number): Promise<Server | undefined> {
  if (!(await portIsFree(port))) return undefined;
  const server = createServer();
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return server;
}

describe("devnet: four hardhat nodes", function () {
  it("prefers 8545..8548 and falls back to a free port for one that is taken", async () => {
    const held = await hold(DEFAULT_PORTS[0]!); // taken by us, or already by someone else
    try {
      const devnet = await startDevnet({ ports: "default" });
      try {
        const [bttc, ...roots] = devnet.chains;
        expect(bttc!.node.port).to.not.equal(DEFAULT_PORTS[0]);
        expect(Number(await rpcCall<string>(bttc!.url, "eth_chainId"))).to.equal(199);
        for (const [i, c] of roots.entries()) {
          // Each root got its default port unless something else held it.
          if (c.node.port !== DEFAULT_PORTS[i + 1]) expect(await portIsFree(DEFAULT_PORTS[i + 1]!)).to.equal(false);
        }
        expect(devnet.urls).to.have.keys("bttc", "tron", "ethereum", "bnb");
      } finally {
        await devnet.stop();
      }
    } finally {
      held?.close();
    }
  });

  it("fails as a whole on a taken fixed port, naming it, and stops the nodes it started", async () => {
    const ports: number[] = [];
    while (ports.length < 4) {
      const port = await freePort();
      if (!ports.includes(port)) ports.push(port);
    }
    const server = (await hold(ports[2]!))!;
    try {
      const error = await startDevnet({ ports }).then(
        () => expect.fail("started on a taken port"),
        (e: unknown) => e as Error,
      );
      expect(error.name).to.equal("PortInUseError");
      expect(error.message).to.include(`port ${ports[2]} on 127.0.0.1 is already in use`);
      for (const port of [ports[0]!, ports[1]!, ports[3]!])
        expect(await portIsFree(port), `port ${port}`).to.equal(true);
    } finally {
      server.close();
    }
  });

  it("two devnets started at once never share a node: each keeps only nodes it launched itself", async () => {
    // Both probe 8545..8548 as free in the same instant; one's nodes then fail to bind, and the
    // other devnet's nodes answer on those ports with the same chain ids.
    const [a, b] = await Promise.all([startDevnet({ ports: "default" }), startDevnet({ ports: "default" })]);
    try {
      const ports = [...a.chains, ...b.chains].map((c) => c.node.port);
      expect(new Set(ports).size, `ports ${ports.join(", ")}`).to.equal(8);
      for (const c of [...a.chains, ...b.chains]) {
        expect(c.node.child.exitCode, `${c.network} node on ${c.node.port} exited`).to.equal(null);
      }
      await a.stop();
      // What b holds is b's own: it still answers after a is gone.
      for (const c of b.chains) expect(Number(await rpcCall<string>(c.url, "eth_chainId"))).to.equal(c.chainId);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
