import { readFileSync } from "node:fs";
import { connect, createServer, type Socket } from "node:net";
import { join } from "node:path";

import { expect } from "chai";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import { NoProgressError, REJECT, download } from "../../../sdk/src/p2p/index.ts";
import { account, seed, tempDir, writeRandomFile } from "./support/helpers.ts";
import { ID, fakeSeeder, layerFrame, rejectFrame, type Content, type FakeSeederBehaviour } from "./support/rawPeer.ts";

/**
 * Hand-written seeders (test/sdk/p2p/support/rawPeer.ts) that stall a download: it must route around them
 * when an honest peer exists, and otherwise fail with `NoProgressError` instead of waiting for
 * ever. Bounds are the test's own timeout; nothing asserts a duration.
 */
describe("p2p downloader never stalls silently", function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  async function content(pieces: number) {
    const size = pieces * DEFAULT_PIECE_SIZE - 7;
    const file = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(file.path);
    const c: Content = { root: s.source.commitment.root, size: BigInt(size), pieceSize: DEFAULT_PIECE_SIZE };
    return { ...file, s, c, roots: s.source.pieceRoots };
  }

  /** A TCP relay to `port` that connects onward only once `gate` resolved (so the other peer is asked first). */
  async function gatedRelay(port: number, gate: Promise<void>): Promise<{ port: number; close: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const server = createServer((inbound) => {
      sockets.add(inbound);
      inbound.pause();
      void gate.then(() => {
        const outbound = connect({ host: "127.0.0.1", port });
        sockets.add(outbound);
        inbound.pipe(outbound).pipe(inbound);
        inbound.resume();
        const end = () => {
          inbound.destroy();
          outbound.destroy();
        };
        inbound.on("error", end).on("close", end);
        outbound.on("error", end).on("close", end);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      port: (server.address() as { port: number }).port,
      close: async () => {
        for (const s of sockets) s.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }

  it("a peer that never answers the piece-layer request is passed over for an honest one", async () => {
    const { s, c, data } = await content(12);
    let asked!: () => void;
    const layerAsked = new Promise<void>((resolve) => (asked = resolve));
    const silent = await fakeSeeder(account(), c, (f) => {
      if (f.id === ID.layerRequest) asked(); // and never answers
    });
    const relay = await gatedRelay(s.seeder.port, layerAsked);
    try {
      const out = join(tmp.dir, "out");
      const result = await download({
        root: c.root,
        size: c.size,
        out,
        requestTimeoutMs: 500,
        peers: [
          { host: "127.0.0.1", port: silent.port },
          { host: "127.0.0.1", port: relay.port },
        ],
      });
      expect(readFileSync(out).equals(data)).to.equal(true);
      expect(silent.received.some((f) => f.id === ID.layerRequest)).to.equal(true);
      expect(result.peers[1]!.piecesVerified).to.equal(12);
    } finally {
      await relay.close();
      await silent.close();
      await s.close();
    }
  });

  const alone: [string, (roots: Uint8Array) => FakeSeederBehaviour, RegExp][] = [
    ["never answers the piece layer", () => () => undefined, /piece layer/],
    [
      "advertises every piece and rejects every request as invalid",
      (roots) => (f, send) => {
        if (f.id === ID.layerRequest) send(layerFrame(f.body, roots));
        else if (f.id === ID.request) send(rejectFrame(f.body, REJECT.invalid));
      },
      /No peer left|missing pieces/,
    ],
    [
      "advertises every piece and answers every request with unavailable",
      (roots) => (f, send) => {
        if (f.id === ID.layerRequest) send(layerFrame(f.body, roots));
        else if (f.id === ID.request) send(rejectFrame(f.body, REJECT.unavailable));
      },
      /missing pieces|No peer left/,
    ],
    [
      "says queue full to every request, for ever",
      (roots) => (f, send) => {
        if (f.id === ID.layerRequest) send(layerFrame(f.body, roots));
        else if (f.id === ID.request) send(rejectFrame(f.body, REJECT.queueFull));
      },
      /made progress/,
    ],
  ];
  for (const [what, behaviour, message] of alone) {
    it(`the only peer ${what}: NoProgressError`, async () => {
      const { s, c, roots } = await content(8);
      const fake = await fakeSeeder(account(), c, behaviour(roots));
      try {
        const error = await download({
          root: c.root,
          size: c.size,
          out: join(tmp.dir, "out"),
          requestTimeoutMs: 500,
          stallTimeoutMs: 3_000,
          peers: [{ host: "127.0.0.1", port: fake.port }],
        }).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(NoProgressError);
        expect((error as Error).message).to.match(message);
      } finally {
        await fake.close();
        await s.close();
      }
    });
  }
});
