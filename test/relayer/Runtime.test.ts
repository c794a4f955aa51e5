import { expect } from "chai";

import { withBackoff } from "../../relayer/src/chain/backoff.ts";
import { createLogger } from "../../relayer/src/observability/log.ts";
import { Loop } from "../../relayer/src/runtime/loop.ts";
import { Shutdown } from "../../relayer/src/runtime/shutdown.ts";
import { classifySendError } from "../../relayer/src/tx/classify.ts";

const silent = createLogger("silent");

describe("Relayer runtime: loop, shutdown, backoff, send-error causes", function () {
  it("a loop never overlaps runs, survives a rejection, and stops on abort after its run ends", async function () {
    const controller = new AbortController();
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const loop = new Loop({
      name: "t",
      intervalMs: 1,
      log: silent,
      maxBackoffMs: 5,
      run: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        if (runs % 2 === 0) throw new Error("boom");
      },
    });
    const done = loop.start(controller.signal);
    for (let i = 0; i < 20; i++) {
      loop.wake();
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await done;
    expect(maxRunning).to.equal(1);
    expect(runs).to.be.greaterThan(4);
    const after = runs;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runs).to.equal(after);
  });

  it("shutdown aborts the signal, then runs cleanups last-registered first, each bounded", async function () {
    const shutdown = new Shutdown(silent, 50);
    const order: string[] = [];
    shutdown.add("store", () => order.push(`store:${shutdown.signal.aborted}`));
    shutdown.add("hangs", () => new Promise(() => undefined));
    shutdown.add("loops", async () => order.push("loops"));
    await Promise.all([shutdown.shutdown("test"), shutdown.shutdown("again")]);
    expect(order).to.deep.equal(["loops", "store:true"]);
  });

  it("backs off reads a bounded number of times", async function () {
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error("ECONNREFUSED"));
    };
    await withBackoff(failing, { attempts: 3, baseMs: 1 }).catch(() => undefined);
    expect(calls).to.equal(3);
    calls = 0;
    await withBackoff(failing, { attempts: 5, baseMs: 1, shouldRetry: () => false }).catch(() => undefined);
    expect(calls).to.equal(1);
    let n = 0;
    expect(await withBackoff(async () => (++n < 2 ? Promise.reject(new Error("x")) : n), { baseMs: 1 })).to.equal(2);
  });

  it("classifies node errors by cause (geth, Hardhat/EDR, TRON wording)", function () {
    const cases: [string, string][] = [
      ["nonce too low: next nonce 5, tx nonce 3", "nonceTooLow"],
      ["Nonce too low. Expected nonce to be 5 but got 3.", "nonceTooLow"],
      ["replacement transaction underpriced", "underpriced"],
      ["transaction underpriced: tip needed 1, tip permitted 0", "underpriced"],
      [
        "Transaction maxFeePerGas (10000000000) is too low for the next block, which has a baseFeePerGas of 100000000000",
        "underpriced",
      ],
      ["max fee per gas less than block base fee: address 0x.., maxFeePerGas: 1, baseFee: 7", "underpriced"],
      ["insufficient funds for gas * price + value: balance 0", "insufficientFunds"],
      ["Sender doesn't have enough funds to send tx. The max upfront cost is: 1", "insufficientFunds"],
      ["already known", "alreadyKnown"],
      ["execution reverted: ERC20InsufficientBalance", "reverted"],
      ["The request took too long to respond.", "network"],
      ["request timed out", "network"],
      ["fetch failed", "network"],
      ["something else 0x503503", "unknown"],
    ];
    for (const [message, cause] of cases)
      expect(classifySendError(new Error("outer", { cause: new Error(message) })), message).to.equal(cause);
  });
});
