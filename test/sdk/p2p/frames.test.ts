import { expect } from "chai";

import {
  FrameParser,
  KEEP_ALIVE,
  MAX_FRAME_LENGTH,
  MSG,
  ProtocolError,
  REJECT,
  decodeHello,
  decodeMessage,
  encodeAmount,
  encodeAuth,
  encodeBid,
  encodeBitfield,
  encodeEmpty,
  encodeHave,
  encodeHello,
  encodeLayer,
  encodeLayerRequest,
  encodePieceHeader,
  encodePool,
  encodeReject,
  encodeRequest,
  encodeTerms,
  encodeVoucher,
  type Message,
} from "../../../sdk/src/p2p/index.ts";

type Frame = { id: number; body: Buffer };

function parseAll(chunks: Uint8Array[]): Frame[] {
  const frames: Frame[] = [];
  const parser = new FrameParser((id, body) => frames.push({ id, body: Buffer.from(body) }));
  for (const c of chunks) parser.push(c);
  return frames;
}

function decode(frame: Buffer): Message {
  const [f] = parseAll([frame]);
  return decodeMessage(f!.id, f!.body);
}

const addr = "0x00000000000000000000000000000000000000AA" as const;
const hello = {
  protocol: "btt-p2p/1",
  features: 3,
  root: `0x${"ab".repeat(32)}` as const,
  size: 123456789n,
  pieceSize: 262144,
  address: "0x1111111111111111111111111111111111111111" as const,
  nonce: `0x${"cd".repeat(32)}` as const,
};

describe("p2p frames", () => {
  it("parses frames split at every byte boundary, with keep-alives", () => {
    const stream = Buffer.concat([
      encodeHave(7),
      Buffer.alloc(4),
      encodeRequest(MSG.request, { piece: 1, offset: 16384, length: 100 }),
      encodeBitfield(new Uint8Array([0xf0])),
    ]);
    for (let cut = 0; cut <= stream.length; cut++) {
      const frames = parseAll([stream.subarray(0, cut), stream.subarray(cut)]);
      expect(frames.map((f) => f.id)).to.deep.equal([MSG.have, KEEP_ALIVE, MSG.request, MSG.bitfield]);
    }
    const oneByOne = parseAll([...stream].map((b) => Uint8Array.of(b)));
    expect(oneByOne.length).to.equal(4);
    expect(decodeMessage(oneByOne[2]!.id, oneByOne[2]!.body)).to.deep.equal({
      type: "request",
      request: { piece: 1, offset: 16384, length: 100 },
    });
  });

  it("rejects an oversized length at once, and a BitTorrent handshake as one", () => {
    const big = Buffer.alloc(4);
    big.writeUInt32BE(MAX_FRAME_LENGTH + 1);
    expect(() => parseAll([big])).to.throw(ProtocolError, /exceeds the maximum/);
    const bt = Buffer.concat([Buffer.from([19]), Buffer.from("BitTorrent protocol"), Buffer.alloc(48)]);
    expect(() => parseAll([bt])).to.throw(ProtocolError, /exceeds the maximum/);
  });

  it("round-trips every message", () => {
    const voucher = {
      chainId: 199n,
      pool: addr,
      payer: "0x2222222222222222222222222222222222222222" as const,
      payee: "0x3333333333333333333333333333333333333333" as const,
      token: "0x4444444444444444444444444444444444444444" as const,
      cumulativeAmount: 10n ** 30n,
      generation: 2n,
    };
    const signature = `0x${"11".repeat(64)}1b` as const;
    const cases: [Buffer, unknown][] = [
      [encodeEmpty(MSG.choke), { type: "choke" }],
      [encodeEmpty(MSG.haveAll), { type: "haveAll" }],
      [encodeHave(9), { type: "have", piece: 9 }],
      [
        encodeRequest(MSG.cancel, { piece: 1, offset: 2, length: 3 }),
        { type: "cancel", request: { piece: 1, offset: 2, length: 3 } },
      ],
      [
        encodeReject({ piece: 1, offset: 2, length: 3 }, REJECT.paymentRequired),
        { type: "reject", request: { piece: 1, offset: 2, length: 3 }, reason: REJECT.paymentRequired },
      ],
      [encodeLayerRequest(5, 6), { type: "layerRequest", start: 5, count: 6 }],
      [
        encodeTerms({ pricePerPiece: 5n, creditPieces: 8 }),
        { type: "terms", terms: { pricePerPiece: 5n, creditPieces: 8 } },
      ],
      [
        encodePool({ chainId: 199n, pool: addr, token: voucher.token, generation: 1n }),
        { type: "pool", pool: { chainId: 199n, pool: addr, token: voucher.token, generation: 1n } },
      ],
      [encodeVoucher({ voucher, signature }), { type: "voucher", voucher: { voucher, signature } }],
      [encodeAmount(MSG.ack, 77n), { type: "ack", cumulativeAmount: 77n }],
      [encodeAmount(MSG.paymentRequired, 78n), { type: "paymentRequired", cumulativeAmount: 78n }],
      [encodeAuth(signature), { type: "auth", signature }],
      [encodeBid(0n), { type: "bid", pricePerPiece: 0n }],
      [encodeBid(7n * 10n ** 15n), { type: "bid", pricePerPiece: 7n * 10n ** 15n }],
      [encodeBid(2n ** 256n - 1n), { type: "bid", pricePerPiece: 2n ** 256n - 1n }],
    ];
    for (const [frame, expected] of cases) expect(decode(frame)).to.deep.equal(expected);
    const piece = decode(Buffer.concat([encodePieceHeader(3, 16384, 5), Buffer.from("hello")]));
    expect(piece.type).to.equal("piece");
    expect(Buffer.from((piece as { data: Uint8Array }).data).toString()).to.equal("hello");
    const layer = decode(encodeLayer(2, new Uint8Array(64).fill(1)));
    expect(layer).to.deep.include({ type: "layer", start: 2 });
    const [h] = parseAll([encodeHello(hello)]);
    expect(decodeHello(h!.id, h!.body)).to.deep.equal({
      ...hello,
      address: "0x1111111111111111111111111111111111111111",
    });
  });

  it("rejects truncated, padded, unknown and foreign messages with ProtocolError", () => {
    expect(() => decodeMessage(MSG.request, new Uint8Array(11))).to.throw(ProtocolError, /Truncated/);
    expect(() => decodeMessage(MSG.request, new Uint8Array(13))).to.throw(ProtocolError, /Trailing/);
    expect(() => decodeMessage(MSG.choke, new Uint8Array(1))).to.throw(ProtocolError, /Unexpected body/);
    expect(() => decodeMessage(99, new Uint8Array(0))).to.throw(ProtocolError, /Unknown message id/);
    expect(() => decodeMessage(MSG.bid, new Uint8Array(31))).to.throw(ProtocolError, /Truncated id 45/);
    expect(() => decodeMessage(MSG.bid, new Uint8Array(33))).to.throw(ProtocolError, /Trailing bytes in id 45/);
    expect(() => decodeMessage(MSG.bid, new Uint8Array(0))).to.throw(ProtocolError, /Truncated/);
    expect(() => decodeMessage(MSG.layer, new Uint8Array(4 + 31))).to.throw(ProtocolError, /whole number/);
    const [h] = parseAll([encodeHello({ ...hello, protocol: "BitTorrent protocol" })]);
    expect(() => decodeHello(h!.id, h!.body)).to.throw(ProtocolError, /another protocol/);
    expect(() => decodeHello(MSG.request, new Uint8Array(12))).to.throw(ProtocolError, /Expected a hello/);
  });

  it("fuzz: random and truncated input only ever raises ProtocolError", () => {
    const valid = [
      encodeHave(1),
      encodeRequest(MSG.request, { piece: 0, offset: 0, length: 16384 }),
      encodeTerms({ pricePerPiece: 1n, creditPieces: 1 }),
      encodeBid(3n),
      encodeHello(hello),
    ];
    let protocolErrors = 0;
    for (let run = 0; run < 3000; run++) {
      const base = valid[run % valid.length] as Buffer;
      const mutated = Buffer.from(base.subarray(0, Math.floor(Math.random() * (base.length + 1))));
      for (let k = 0; k < 3; k++)
        if (mutated.length > 0) mutated[Math.floor(Math.random() * mutated.length)] = Math.floor(Math.random() * 256);
      const input =
        run % 3 === 0
          ? Buffer.from(
              Array.from({ length: 1 + Math.floor(Math.random() * 64) }, () => Math.floor(Math.random() * 256)),
            )
          : mutated;
      try {
        const parser = new FrameParser((id, body) => {
          if (id === MSG.hello) decodeHello(id, body);
          else decodeMessage(id, body);
        });
        parser.push(input);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        protocolErrors++;
      }
    }
    expect(protocolErrors).to.be.greaterThan(100);
  });
});
