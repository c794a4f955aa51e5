import { expect } from "chai";

import { DecryptionError } from "../../../sdk/src/storage/errors.ts";
import {
  CHUNK_OVERHEAD,
  chunkCount,
  generateKey,
  openChunk,
  sealChunk,
  sealedSize,
} from "../../../sdk/src/storage/files/aead.ts";
import { stripeLayout, stripeUnits } from "../../../sdk/src/storage/files/layout.ts";
import { currentPeriod, periodEnd, periodStart, proofWindow, seedEpoch } from "../../../sdk/src/storage/periods.ts";

describe("storage/files: chunked AEAD", () => {
  const key = generateKey();
  const plain = new TextEncoder().encode("segment of a file");

  it("seals with a fresh nonce each time and opens only at the same position and count", () => {
    const a = sealChunk(key, 3n, 10n, plain);
    const b = sealChunk(key, 3n, 10n, plain);
    expect(a.length).to.equal(plain.length + CHUNK_OVERHEAD);
    expect(a.equals(b)).to.equal(false);
    expect(Buffer.from(openChunk(key, 3n, 10n, a)).equals(Buffer.from(plain))).to.equal(true);
    expect(() => openChunk(key, 4n, 10n, a)).to.throw(DecryptionError); // reordered
    expect(() => openChunk(key, 3n, 4n, a)).to.throw(DecryptionError); // truncated stream
    expect(() => openChunk(generateKey(), 3n, 10n, a)).to.throw(DecryptionError, /wrong key/);
    const tampered = Buffer.from(a);
    tampered[20] = (tampered[20] as number) ^ 1;
    expect(() => openChunk(key, 3n, 10n, tampered)).to.throw(DecryptionError);
    expect(() => openChunk(key, 3n, 10n, new Uint8Array(5))).to.throw(DecryptionError, /shorter/);
  });

  it("sizes: an empty file is one empty chunk; overhead per chunk", () => {
    expect(chunkCount(0n, 1024)).to.equal(1n);
    expect(chunkCount(2049n, 1024)).to.equal(3n);
    expect(sealedSize(2049n, 1024)).to.equal(2049n + 3n * BigInt(CHUNK_OVERHEAD));
  });

  it("stripes: full stripes then one short stripe, all shards the same size", () => {
    const layout = stripeLayout(10_000n, 3, 1024);
    expect(layout.fullStripes).to.equal(3n);
    expect(layout.lastUnit).to.equal(Math.ceil((10_000 - 3 * 3072) / 3));
    expect([...stripeUnits(layout, 1024)]).to.deep.equal([1024, 1024, 1024, layout.lastUnit]);
    expect(layout.shardSize).to.equal(3n * 1024n + BigInt(layout.lastUnit));
    expect(stripeLayout(6144n, 3, 1024).lastUnit).to.equal(0);
  });
});

describe("storage: period arithmetic (block numbers)", () => {
  const deal = { start: 100n, periodLength: 20n, periods: 3n };

  it("matches the contract's definition of periods, windows and seed epochs", () => {
    expect(periodStart(deal, 2n)).to.equal(140n);
    expect(periodEnd(deal, 2n)).to.equal(160n);
    expect(proofWindow(deal, 0n)).to.deep.equal({ from: 101n, to: 120n });
    expect(currentPeriod(deal, 99n)).to.equal(undefined);
    expect(currentPeriod(deal, 100n)).to.equal(0n);
    expect(currentPeriod(deal, 159n)).to.equal(2n);
    expect(currentPeriod(deal, 160n)).to.equal(undefined);
    expect(seedEpoch(deal, 1n, 10n)).to.equal(12n);
  });
});
