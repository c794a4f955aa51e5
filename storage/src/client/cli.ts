/**
 * btt-storage: store, check, retrieve and repair files on the storage network.
 * The client's key comes from BTT_STORAGE_KEY; the chain from --rpc (or BTT_RPC_URL) and the market
 * from --deployment <manifest.json> (or --market <address>).
 */
import { parseArgs } from "node:util";

import type { Address } from "viem";

import { connectChain, keyFromEnv } from "../shared/chain.ts";
import { describeError } from "../shared/errors.ts";
import { toJson } from "../shared/json.ts";
import { openManifest, repair, retrieve, status, store } from "./commands.ts";

const usage = `usage (BTT_STORAGE_KEY=0x... in the environment; --rpc <url> --deployment <bttc.json> | --market <0x...>):
  btt-storage store <file> [--manifest-out <path>] [--data-shards 3] [--parity-shards 2] [--periods 4]
                           [--period-length <blocks>] [--max-price <per shard per period>] [--challenges 3] [--lead-blocks 20]
  btt-storage status <manifest> [--json]
  btt-storage retrieve <manifest> --out <file> [--max-piece-price <amount>] [--budget <amount>]
  btt-storage repair <manifest> [--max-price <amount>] [--max-piece-price <amount>] [--budget <amount>]
  btt-storage watch <manifest> [--interval-ms 60000] [--max-price <amount>] [--max-piece-price <amount>] [--budget <amount>]
                               (repairs whenever a shard needs it, until SIGINT)
Hosts that ask to be paid for serving are paid per verified piece with vouchers on the PaymentChannels
deposit; --budget is the most a command deposits into it (default 0: only the deposit already there).`;

export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        rpc: { type: "string" },
        deployment: { type: "string" },
        market: { type: "string" },
        "manifest-out": { type: "string" },
        "data-shards": { type: "string", default: "3" },
        "parity-shards": { type: "string", default: "2" },
        periods: { type: "string", default: "4" },
        "period-length": { type: "string" },
        "max-price": { type: "string" },
        challenges: { type: "string", default: "3" },
        "lead-blocks": { type: "string", default: "20" },
        out: { type: "string" },
        "interval-ms": { type: "string", default: "60000" },
        "max-piece-price": { type: "string" },
        budget: { type: "string", default: "0" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const { positionals, values } = parsed;
  const [command, target] = positionals;
  if (values.help || command === undefined || target === undefined) {
    process.stderr.write(`${usage}\n`);
    return values.help ? 0 : 2;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const rpcUrl = values.rpc ?? process.env.BTT_RPC_URL;
    if (rpcUrl === undefined) throw new Error("Give the chain's RPC URL with --rpc or BTT_RPC_URL");
    const chain = await connectChain({
      rpcUrl,
      key: keyFromEnv("BTT_STORAGE_KEY"),
      manifest: values.deployment,
      market: values.market as Address | undefined,
      pollingIntervalMs: 100,
    });
    const maxPrice = values["max-price"] === undefined ? 2n ** 127n : BigInt(values["max-price"]);
    const payment = {
      maxPricePerPiece: values["max-piece-price"] === undefined ? 2n ** 127n : BigInt(values["max-piece-price"]),
      budget: BigInt(values.budget),
    };
    switch (command) {
      case "store": {
        await store(
          chain,
          {
            input: target,
            manifestOut: values["manifest-out"] ?? `${target}.btt.json`,
            dataShards: Number(values["data-shards"]),
            parityShards: Number(values["parity-shards"]),
            periods: BigInt(values.periods),
            periodLength:
              values["period-length"] === undefined ? 2n * chain.epochLength : BigInt(values["period-length"]),
            maxPricePerPeriod: maxPrice,
            challengesPerPeriod: BigInt(values.challenges),
            leadBlocks: BigInt(values["lead-blocks"]),
          },
          log,
        );
        return 0;
      }
      case "status": {
        const shards = await status(chain, openManifest(chain, target));
        if (values.json) process.stdout.write(`${toJson(shards)}\n`);
        else {
          for (const s of shards) {
            process.stdout.write(
              `shard ${s.index}: host ${s.host} deal ${s.dealId.slice(0, 10)} ${s.state}, ${s.proven} proven, ${s.missed} missed, escrow left ${s.escrowLeft}${s.healthy ? "" : ` - NEEDS REPAIR: ${s.problem}`}\n`,
            );
          }
        }
        return 0;
      }
      case "retrieve": {
        if (values.out === undefined) throw new Error("Give the output file with --out <file>");
        await retrieve(chain, openManifest(chain, target), values.out, payment, log);
        return 0;
      }
      case "repair": {
        await repair(
          chain,
          {
            manifestPath: target,
            maxPricePerPeriod: maxPrice,
            challengesPerPeriod: BigInt(values.challenges),
            leadBlocks: BigInt(values["lead-blocks"]),
            payment,
          },
          log,
        );
        return 0;
      }
      case "watch": {
        const stop = new AbortController();
        process.once("SIGINT", () => stop.abort());
        process.once("SIGTERM", () => stop.abort());
        while (!stop.signal.aborted) {
          try {
            await repair(
              chain,
              {
                manifestPath: target,
                maxPricePerPeriod: maxPrice,
                challengesPerPeriod: BigInt(values.challenges),
                leadBlocks: BigInt(values["lead-blocks"]),
                payment,
              },
              log,
            );
          } catch (error) {
            log(`repair failed (tried again next round): ${describeError(error)}`);
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, Number(values["interval-ms"]));
            stop.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
          });
        }
        return 0;
      }
      default:
        process.stderr.write(`unknown command ${command}\n${usage}\n`);
        return 2;
    }
  } catch (error) {
    process.stderr.write(`btt-storage: ${describeError(error)}\n`);
    return 1;
  }
}
