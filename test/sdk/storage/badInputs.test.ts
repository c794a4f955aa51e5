import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { getAddress } from "viem";

import { commitBytes, commitFile } from "../../../sdk/src/commitment/index.ts";
import { FileAccessError, InvalidArgumentError, NoContractError } from "../../../sdk/src/index.ts";
import {
  acceptDeal,
  getDeal,
  pokeSeed,
  prepare,
  readStorageManifest,
  restore,
  setHost,
  signDeal,
  StorageContractError,
  StorageDealError,
} from "../../../sdk/src/storage/index.ts";
import { badInputTable, type BadInput } from "../../support/badInputs.ts";
import { BTT, deployStorage } from "./support/fixture.ts";

type Env = Awaited<ReturnType<typeof deployStorage>> & { dir: string };

/** Storage's bad inputs, each with the typed error it gives, on a simulated BTTC chain and a real file system. */
describe("sdk/storage: bad inputs give typed errors", function () {
  let env: Env;
  const content = commitBytes(new Uint8Array(4096).fill(7));

  before(async () => {
    const base = await deployStorage();
    const [, client, host, broke] = base.wallets;
    await base.fund(client!, 100n * BTT);
    await base.fund(host!, 100n * BTT);
    for (const h of [host!, broke!]) {
      await base.wait(
        await setHost(h, {
          market: base.market.address,
          capacity: 1n << 30n,
          pricePerGiBPerPeriod: 0n,
          collateralPerGiB: 0n,
          endpoint: "",
        }),
      );
    }
    env = { ...base, dir: await mkdtemp(join(tmpdir(), "btt-storage-bad-")) };
  });
  after(async () => {
    await rm(env.dir, { recursive: true, force: true });
  });

  /** A signed offer from `clientIndex` to `hostIndex` with the fixture's defaults. */
  const offerFrom = async (e: Env, clientIndex: number, hostIndex: number, fields: Record<string, bigint> = {}) => {
    const client = e.wallets[clientIndex]!;
    const terms = await e.offer({
      client: client.account.address,
      host: e.wallets[hostIndex]!.account.address,
      root: content.root,
      size: content.size,
      ...fields,
    });
    return signDeal({ signer: client, terms });
  };

  it("prepare reports its progress up to the file's size (onProgress)", async () => {
    const input = join(env.dir, "progress.bin");
    await writeFile(input, new Uint8Array(3_000_000).fill(1));
    const seen: bigint[] = [];
    await prepare({
      input,
      outDir: join(env.dir, "progress"),
      chunkSize: 1 << 20,
      onProgress: (p) => seen.push(p.bytesDone),
    });
    expect(seen).to.deep.equal([1n << 20n, 2n << 20n, 3_000_000n]);
  });

  const rows: BadInput<Env>[] = [
    {
      input: "accept a deal whose client has no tokens for the escrow",
      run: async (e) => {
        const { terms, signature } = await offerFrom(e, 4, 2);
        return acceptDeal(e.wallets[2]!, { market: e.market.address, terms, signature });
      },
      error: StorageContractError,
      errorName: "ERC20InsufficientAllowance",
    },
    {
      input: "accept a deal whose host cannot post the collateral",
      run: async (e) => {
        const { terms, signature } = await offerFrom(e, 1, 3);
        return acceptDeal(e.wallets[3]!, { market: e.market.address, terms, signature });
      },
      error: StorageContractError,
      errorName: "ERC20InsufficientAllowance",
    },
    {
      input: "accept an offer past its deadline",
      run: async (e) => {
        const { terms, signature } = await offerFrom(e, 1, 2, { deadline: 1n });
        return acceptDeal(e.wallets[2]!, { market: e.market.address, terms, signature });
      },
      error: StorageContractError,
      errorName: "StorageMarketDeadlinePassed",
    },
    {
      input: "register a host with a negative capacity",
      run: (e) =>
        setHost(e.wallets[2]!, {
          market: e.market.address,
          capacity: -1n,
          pricePerGiBPerPeriod: 0n,
          collateralPerGiB: 0n,
          endpoint: "",
        }),
      error: InvalidArgumentError,
    },
    {
      input: "poke a seed on an address without code",
      run: (e) => pokeSeed(e.wallets[2]!, { market: getAddress(`0x${"77".repeat(20)}`), epoch: 1n }),
      error: NoContractError,
    },
    {
      input: "read a deal that does not exist",
      run: (e) => getDeal(e.publicClient, { market: e.market.address, id: `0x${"00".repeat(31)}01` }),
      error: StorageDealError,
    },
    {
      input: "prepare a file that does not exist",
      run: (e) => prepare({ input: join(e.dir, "missing.bin"), outDir: join(e.dir, "out") }),
      error: FileAccessError,
      message: /missing\.bin \(ENOENT\)/,
    },
    {
      input: "prepare into a directory below a file",
      run: async (e) => {
        const input = join(e.dir, "input.bin");
        await writeFile(input, new Uint8Array(100));
        return prepare({ input, outDir: join(input, "out") });
      },
      error: FileAccessError,
      after: async (e) => {
        const error = await prepare({ input: join(e.dir, "input.bin"), outDir: join(e.dir, "input.bin", "out") }).catch(
          (x: unknown) => x,
        );
        expect((error as FileAccessError).path).to.include("input.bin");
      },
    },
    {
      input: "commit a file that does not exist",
      run: (e) => commitFile(join(e.dir, "nope.bin")),
      error: FileAccessError,
      message: /nope\.bin/,
    },
    {
      input: "read a manifest that does not exist",
      run: (e) => readStorageManifest(join(e.dir, "manifest.json")),
      error: FileAccessError,
    },
    {
      input: "restore from a manifest path that does not exist",
      run: (e) =>
        restore({
          manifest: join(e.dir, "none", "manifest.json"),
          key: new Uint8Array(32),
          output: join(e.dir, "restored.bin"),
        }),
      error: FileAccessError,
    },
  ];
  badInputTable(rows, () => env);
});
