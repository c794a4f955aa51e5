import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { parseConfig } from "../../relayer/src/config/load.ts";
import { ProofSources, proofToJson } from "../../relayer/src/duties/storageProofs/sources.ts";
import { ConfigError } from "../../relayer/src/errors.ts";
import { tempDir } from "./support/fixture.ts";
import { serveProofs } from "./support/storage.ts";

const word = (byte: string) => `0x${byte.repeat(32)}` as const;
const proof = (period: bigint) => ({ id: word("11"), period, data: [word("22"), word("33")] });

describe("Relayer storage-proof submitter: proof sources and configuration", function () {
  it("reads proofs from a folder (one or many per file) and an endpoint, reporting unreadable ones", async function () {
    const dir = join(tempDir(), "host");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.json"), proofToJson(proof(0n)));
    writeFileSync(join(dir, "b.json"), `[${proofToJson(proof(1n))},${proofToJson(proof(2n))}]`);
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ id: "0x12", period: "1", data: [] }));
    writeFileSync(join(dir, "partial.json.tmp"), "{"); // a host's temporary file: never read
    const endpoint = await serveProofs(() => [proof(3n)]);
    try {
      const sources = new ProofSources([{ dir }, { url: endpoint.url }, { url: "http://127.0.0.1:9/none" }], 1_000);
      const { proofs, problems } = await sources.gather();
      expect(proofs.map((p) => p.period)).to.deep.equal([0n, 1n, 2n, 3n]);
      expect(proofs[0]).to.deep.equal(proof(0n));
      expect(problems).to.have.length(2);
      expect(problems[0]).to.match(/bad\.json: /);
      expect(problems[1]).to.match(/127\.0\.0\.1:9\/none/);
    } finally {
      endpoint.server.close();
    }
  });

  it("validates the duty's config: a source is a folder or a URL, batches are bounded", function () {
    const config = (storageProofs: Record<string, unknown>) => ({
      chains: { bttc: { rpcUrl: "http://127.0.0.1:8545" } },
      keys: { submitter: {} },
      duties: { storageProofs: { chain: "bttc", key: "submitter", market: word("ab").slice(0, 42), ...storageProofs } },
    });
    const parsed = parseConfig(config({ sources: [{ dir: "proofs" }, { url: "http://host:8080/proofs" }] })).duties
      .storageProofs!;
    expect(parsed).to.deep.include({
      maxProofsPerBatch: 16,
      maxWordsPerBatch: 2_000,
      reportMissed: true,
      batchWaitMs: 0,
    });
    expect(() => parseConfig(config({ sources: [{ dir: "a", url: "http://x" }] }))).to.throw(ConfigError);
    expect(() => parseConfig(config({ sources: [{ url: "ftp://x" }] }))).to.throw(ConfigError);
    expect(() => parseConfig(config({ maxProofsPerBatch: 0 }))).to.throw(ConfigError);
  });
});
