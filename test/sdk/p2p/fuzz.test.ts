import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { join } from "node:path";

import { expect } from "chai";

import { DEFAULT_PIECE_SIZE } from "../../../sdk/src/commitment/index.ts";
import {
  BLOCK_SIZE,
  Connection,
  FEATURE_PIECE_LAYER,
  MSG,
  REJECT,
  TransferError,
  download,
  encodeEmpty,
  encodeHello,
  encodeLayer,
  encodePieceHeader,
  encodeRequest,
  type ContentSource,
  type Message,
} from "../../../sdk/src/p2p/index.ts";
import { account, rawClient, seed, tempDir, writeRandomFile } from "./support/helpers.ts";

/** Sends `bytes` on a fresh socket and resolves when the peer closes it. */
function sendRaw(port: number, bytes: Uint8Array, end = false): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.write(bytes);
      if (end) socket.end();
    });
    socket.on("data", () => undefined);
    socket.on("error", () => resolve());
    socket.on("close", () => resolve());
  });
}

function frame(id: number, body: Uint8Array): Buffer {
  const f = Buffer.alloc(5 + body.length);
  f.writeUInt32BE(body.length + 1);
  f[4] = id;
  f.set(body, 5);
  return f;
}

type Behaviour = (conn: Connection, source: ContentSource, m: Message | undefined) => void;

/** A seeder that completes the handshake honestly, then does what `behaviour` says. */
async function evilSeeder(source: ContentSource, behaviour: Behaviour): Promise<Server> {
  const server = createServer((socket) => {
    const conn: Connection = new Connection({
      socket,
      account: account(),
      initiator: false,
      content: {
        root: source.commitment.root,
        size: source.commitment.size,
        pieceSize: DEFAULT_PIECE_SIZE,
        features: FEATURE_PIECE_LAYER,
      },
      handlers: {
        onReady: () => behaviour(conn, source, undefined),
        onMessage: (m) => behaviour(conn, source, m),
        onClose: () => undefined,
      },
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return server;
}

const honestStart: Behaviour = (conn, source, m) => {
  if (m === undefined) {
    conn.send(encodeEmpty(MSG.haveAll));
    conn.send(encodeEmpty(MSG.unchoke));
  } else if (m.type === "layerRequest") {
    conn.send(encodeLayer(m.start, source.pieceRoots.subarray(m.start * 32, (m.start + m.count) * 32)));
  }
};

describe("p2p fuzzing", function () {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => tmp.cleanup());

  it("the seeder survives garbage, truncated frames, oversized lengths, BitTorrent peers and wrong roots", async () => {
    const size = 3 * DEFAULT_PIECE_SIZE + 5;
    const { path, data } = writeRandomFile(tmp.dir, "src", size);
    const s = await seed(path, { handshakeTimeoutMs: 300 });
    try {
      const port = s.seeder.port;
      const hello = {
        protocol: "btt-p2p/1",
        features: 0,
        root: s.source.commitment.root,
        size: BigInt(size),
        pieceSize: DEFAULT_PIECE_SIZE,
        address: account().address,
        nonce: `0x${"11".repeat(32)}` as const,
      };
      const bt = Buffer.concat([
        Buffer.from([19]),
        Buffer.from("BitTorrent protocol"),
        Buffer.alloc(8),
        randomBytes(40),
      ]);
      const oversized = Buffer.from([0xff, 0xff, 0xff, 0xff, 1]);
      const cases: [Uint8Array, boolean][] = [
        [bt, false],
        [oversized, false],
        [encodeHello({ ...hello, root: `0x${"00".repeat(32)}` }), false],
        [encodeHello({ ...hello, size: BigInt(size) + 1n }), false],
        [encodeHello({ ...hello, pieceSize: 1 << 20 }), false],
        [encodeHello(hello).subarray(0, 40), true],
        [encodeHello(hello).subarray(0, 40), false], // truncated and left hanging: handshake timeout
        [frame(MSG.request, new Uint8Array(12)), false], // not a hello
      ];
      for (let i = 0; i < 40; i++) cases.push([randomBytes(1 + Math.floor(Math.random() * 300)), i % 2 === 0]);
      await Promise.all(cases.map(([bytes, end]) => sendRaw(port, bytes, end)));
      expect(s.seeder.stats.protocolErrors).to.be.at.least(cases.length - 25);

      // Authenticated, then out-of-range requests: each answered with reject(invalid), then cut off.
      const c = await rawClient(port, {
        root: s.source.commitment.root,
        size: BigInt(size),
        pieceSize: DEFAULT_PIECE_SIZE,
        features: 0,
      });
      c.conn.send(encodeEmpty(MSG.interested));
      await c.until((m) => m.some((x) => x.type === "unchoke"));
      const bad = [
        { piece: 4, offset: 0, length: BLOCK_SIZE },
        { piece: 3, offset: 0, length: 6 },
        { piece: 0, offset: DEFAULT_PIECE_SIZE - 1, length: 2 },
        { piece: 0, offset: 0, length: 0 },
        { piece: 0, offset: 0, length: BLOCK_SIZE + 1 },
        { piece: 0xffffffff, offset: 0xffffffff, length: 0xffffffff },
      ];
      for (const req of bad) c.conn.send(encodeRequest(MSG.request, req));
      await c.until((m) => m.filter((x) => x.type === "reject").length === bad.length);
      expect(
        c.messages.filter((x) => x.type === "reject").every((x) => x.type === "reject" && x.reason === REJECT.invalid),
      ).to.equal(true);
      for (let i = 0; i < 12; i++) c.conn.send(encodeRequest(MSG.request, bad[0]!));
      await c.closed;
      expect(s.seeder.errors.at(-1)?.message).to.match(/Too many invalid requests/);

      // Random well-framed messages after the handshake: the connection closes, the seeder does not.
      for (let i = 0; i < 10; i++) {
        const r = await rawClient(port, {
          root: s.source.commitment.root,
          size: BigInt(size),
          pieceSize: DEFAULT_PIECE_SIZE,
          features: 0,
        });
        for (let k = 0; k < 5; k++)
          r.conn.send(frame(Math.floor(Math.random() * 50), randomBytes(Math.floor(Math.random() * 80))));
        r.conn.send(frame(MSG.layerRequest, Buffer.from([0, 0, 0, 9, 0, 0, 0, 1]))); // out of range: always fatal
        await r.closed;
      }

      // Still serving correctly.
      const out = join(tmp.dir, "out");
      await download({ root: s.source.commitment.root, size: BigInt(size), out, peers: [{ host: "127.0.0.1", port }] });
      expect(readFileSync(out).equals(data)).to.equal(true);
    } finally {
      await s.close();
    }
  });

  const evil: [string, Behaviour, RegExp][] = [
    [
      "sends an unsolicited block",
      (conn, source, m) => {
        honestStart(conn, source, m);
        if (m?.type === "layerRequest") conn.send(Buffer.concat([encodePieceHeader(0, 0, 16), Buffer.alloc(16)]));
      },
      /Unsolicited block/,
    ],
    [
      "answers requests with wrong bytes",
      (conn, source, m) => {
        honestStart(conn, source, m);
        if (m?.type === "request") conn.sendPiece(m.request.piece, m.request.offset, randomBytes(m.request.length));
      },
      /failed verification/,
    ],
    [
      "sends a forged piece layer",
      (conn, source, m) => {
        if (m?.type === "layerRequest") conn.send(encodeLayer(m.start, randomBytes(m.count * 32)));
        else honestStart(conn, source, m);
      },
      /Piece layer does not match/,
    ],
    [
      "answers with blocks of the wrong length",
      (conn, source, m) => {
        honestStart(conn, source, m);
        if (m?.type === "request") conn.sendPiece(m.request.piece, m.request.offset, randomBytes(m.request.length - 1));
      },
      /wrong length/,
    ],
    [
      "sends random frames",
      (conn, source, m) => {
        honestStart(conn, source, m);
        if (m?.type === "layerRequest")
          for (let i = 0; i < 5; i++)
            conn.send(frame(Math.floor(Math.random() * 50), randomBytes(Math.floor(Math.random() * 64))));
      },
      /./,
    ],
  ];
  for (const [name, behaviour, expected] of evil) {
    it(`the downloader drops a peer that ${name} and never writes unverified data`, async () => {
      const size = 2 * DEFAULT_PIECE_SIZE + 999;
      const { path } = writeRandomFile(tmp.dir, "src", size);
      const s = await seed(path);
      const server = await evilSeeder(s.source, behaviour);
      try {
        const out = join(tmp.dir, "out");
        const port = (server.address() as { port: number }).port;
        const error = await download({
          root: s.source.commitment.root,
          size: BigInt(size),
          out,
          peers: [{ host: "127.0.0.1", port }],
          requestTimeoutMs: 1000,
        }).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(TransferError);
        expect((error as TransferError).message).to.match(expected);
        // Nothing verified: the failed attempt leaves no partial file (so no unverified byte on disk).
        expect(existsSync(`${out}.part`)).to.equal(false);
        expect(existsSync(`${out}.part.json`)).to.equal(false);
      } finally {
        server.close();
        await s.close();
      }
    });
  }
});
