import { expect } from "chai";
import { getAddress, type Address } from "viem";

import {
  deposit,
  getBridgeCadence,
  getOutboxMessages,
  getWithdrawalProgress,
  withdraw,
  type CrossChainMessage,
  type GetWithdrawalProgressParameters,
} from "../../../sdk/src/bridge/index.ts";
import {
  InvalidAddressError,
  MessageNotFoundError,
  NoContractError,
  WrongChainError,
} from "../../../sdk/src/bridge/index.ts";
import { InvalidArgumentError } from "../../../sdk/src/index.ts";
import { badInputTable, type BadInput } from "../../support/badInputs.ts";
import {
  deliver,
  deployBridge,
  mapTokens,
  relayCheckpoint,
  type AnyChain,
  type Deployment,
} from "./support/fixture.ts";

const E18 = 10n ** 18n;

/** The next block of `chain` gets timestamp `seconds`. */
async function nextBlockAt(chain: AnyChain, seconds: number): Promise<void> {
  await chain.connection.provider.request({ method: "evm_setNextBlockTimestamp", params: [seconds] });
}

/**
 * Withdrawal stages with the time each was reached and estimates of the rest, on the TRON stand-in
 * (728126428, shanghai). Block timestamps are set, so the chain's cadence is exact: checkpoints
 * every 600 s, executions 30 s after their checkpoint, fills 5 s after their withdrawal.
 */
describe("sdk/bridge: withdrawal stages with times and estimates", function () {
  let d: Deployment;
  let T: number;
  let childToken: Address;
  let fast: CrossChainMessage;

  const withdrawAt = async (seconds: number, amount: bigint, maxFee = 0n) => {
    await nextBlockAt(d.bttc, seconds);
    const { message } = await withdraw(d.bttc.alice, {
      childBridge: d.bttc.bridge.address,
      token: childToken,
      rootChainId: d.roots.tron.chainId,
      amount,
      recipient: d.bttc.bob.account.address,
      ...(maxFee === 0n ? {} : { fast: { maxFee } }),
    });
    return message;
  };
  const checkpointAt = async (seconds: number) => {
    await nextBlockAt(d.roots.tron, seconds);
    await relayCheckpoint(d.bttc, d.roots.tron);
  };
  const executeAt = async (seconds: number, message: CrossChainMessage) => {
    await nextBlockAt(d.roots.tron, seconds);
    await deliver(d.bttc, d.roots.tron, message);
  };
  const fillAt = async (seconds: number, message: CrossChainMessage) => {
    const { tron } = d.roots;
    await nextBlockAt(tron, seconds);
    // The filler fronts it with the bridge's own call (approved beforehand: one block, at `seconds`).
    const [nonce, to, amount, fastFee] = [message.nonce, d.bttc.bob.account.address, 100n * E18, E18];
    await tron.bridge.write.fill([nonce, tron.usdt.address, to, amount, fastFee, 0n]);
  };
  const source = () => ({ client: d.bttc.publicClient, outbox: d.bttc.outbox.address });
  const progress = (now: number, extra: Partial<GetWithdrawalProgressParameters> = {}) =>
    getWithdrawalProgress(d.roots.tron.publicClient, {
      rootBridge: d.roots.tron.bridge.address,
      message: fast,
      source: source(),
      now: now * 1000,
      ...extra,
    });

  before(async () => {
    d = await deployBridge();
    await mapTokens(d);
    const { tron } = d.roots;
    await tron.usdt.write.mint([tron.alice.account.address, 1000n * E18]);
    await deposit(tron.alice, {
      rootBridge: tron.bridge.address,
      token: tron.usdt.address,
      amount: 1000n * E18,
      recipient: d.bttc.alice.account.address,
    });
    await relayCheckpoint(tron, d.bttc);
    const deposits = await getOutboxMessages(tron.publicClient, { outbox: tron.outbox.address, destChainId: 199n });
    await deliver(tron, d.bttc, deposits.at(-1)!);
    childToken = await d.bttc.bridge.read.childTokenOf([tron.chainId, tron.usdt.address]);
    await tron.usdt.write.mint([tron.deployer.account.address, 1000n * E18]);
    await tron.usdt.write.approve([tron.bridge.address, 1000n * E18]);
    const latest = async (chain: AnyChain) => Number((await chain.publicClient.getBlock()).timestamp);
    T = Math.max(await latest(d.bttc), await latest(tron)) + 100;

    // The history the estimates come from.
    const w0 = await withdrawAt(T, 100n * E18);
    await checkpointAt(T + 600);
    await executeAt(T + 630, w0);
    const w1 = await withdrawAt(T + 700, 100n * E18, E18);
    await fillAt(T + 705, w1);
    await checkpointAt(T + 1200);
    await executeAt(T + 1230, w1);
    const w2 = await withdrawAt(T + 1300, 100n * E18);
    await checkpointAt(T + 1800);
    await executeAt(T + 1830, w2);
    // The withdrawal a UI follows: fast, sent at T + 1900.
    fast = await withdrawAt(T + 1900, 100n * E18, E18);
  });

  it("observes the chain's cadence: checkpoint interval, execution delay, fill delay", async () => {
    const { tron } = d.roots;
    const cadence = await getBridgeCadence(tron.publicClient, { rootBridge: tron.bridge.address, source: source() });
    expect(cadence).to.deep.include({
      checkpointIntervalMs: 600_000,
      executionDelayMs: 30_000,
      fillDelayMs: 5_000,
      samples: { checkpoints: 3, executions: 3, fills: 1 },
    });
    expect(cadence.lastCheckpoint?.at).to.equal((T + 1800) * 1000);
    expect(cadence.lastCheckpoint?.messageCount).to.equal(3n);
    // Without BTTC, fills cannot be timed.
    const rootOnly = await getBridgeCadence(tron.publicClient, { rootBridge: tron.bridge.address });
    expect(rootOnly.fillDelayMs).to.equal(undefined);
    expect(rootOnly.samples.fills).to.equal(0);
  });

  it("sent: a fill expected first, then the next checkpoint and the repayment", async () => {
    const p = await progress(T + 1901);
    expect(p.stage).to.equal("sent");
    expect(p.recipientPaid).to.equal(false);
    expect(p.timeline).to.deep.equal([
      { stage: "sent", reached: true, at: (T + 1900) * 1000 },
      { stage: "filled", reached: false, etaMs: 4_000 },
      { stage: "checkpointed", reached: false, etaMs: 499_000 },
      { stage: "executed", reached: false, etaMs: 529_000 },
    ]);
    expect(p.recipientPaidInMs).to.equal(4_000);
    // Without BTTC the withdrawal's time is unknown: a fill is counted from now.
    const rootOnly = await progress(T + 1901, { source: undefined });
    expect(rootOnly.timeline[0]).to.deep.equal({ stage: "sent", reached: true });
    expect(rootOnly.timeline[1]).to.deep.equal({ stage: "filled", reached: false });
    expect(rootOnly.recipientPaidInMs).to.equal(529_000);
    // Overdue: the next checkpoint is due one interval after the withdrawal; past that, now.
    const late = await progress(T + 2450);
    expect(late.timeline.map((s) => s.etaMs)).to.deep.equal([undefined, 0, 50_000, 80_000]);
    expect((await progress(T + 3000)).timeline.map((s) => s.etaMs)).to.deep.equal([undefined, 0, 0, 30_000]);
  });

  it("filled, checkpointed, repaid: each stage with its time", async () => {
    const { tron } = d.roots;
    await fillAt(T + 1904, fast);
    const filled = await progress(T + 1910);
    expect(filled.stage).to.equal("filled");
    expect(filled.filler).to.equal(getAddress(tron.deployer.account.address));
    expect(filled.recipientAmount).to.equal(99n * E18);
    expect(filled.recipientPaidInMs).to.equal(0);
    expect(filled.timeline).to.deep.equal([
      { stage: "sent", reached: true, at: (T + 1900) * 1000 },
      { stage: "filled", reached: true, at: (T + 1904) * 1000 },
      { stage: "checkpointed", reached: false, etaMs: 490_000 },
      { stage: "repaid", reached: false, etaMs: 520_000 },
    ]);
    await checkpointAt(T + 2400);
    const checkpointed = await progress(T + 2410);
    expect(checkpointed.stage).to.equal("checkpointed");
    expect(checkpointed.timeline.slice(2)).to.deep.equal([
      { stage: "checkpointed", reached: true, at: (T + 2400) * 1000 },
      { stage: "repaid", reached: false, etaMs: 20_000 },
    ]);
    await executeAt(T + 2425, fast);
    const repaid = await progress(T + 2500);
    expect(repaid.stage).to.equal("repaid");
    expect(repaid.timeline.every((s) => s.reached && s.etaMs === undefined)).to.equal(true);
    expect(repaid.timeline[3]).to.deep.equal({ stage: "repaid", reached: true, at: (T + 2425) * 1000 });
  });

  it("a slow withdrawal has no fill stage; once executed without a fill, none either", async () => {
    const slow = await withdrawAt(T + 2600, 10n * E18);
    const p = await progress(T + 2601, { message: slow });
    expect(p.timeline.map((s) => s.stage)).to.deep.equal(["sent", "checkpointed", "executed"]);
    const unfilled = await withdrawAt(T + 2700, 10n * E18, E18 / 10n);
    await checkpointAt(T + 3000);
    await executeAt(T + 3030, unfilled);
    await executeAt(T + 3031, slow);
    const done = await progress(T + 3100, { message: unfilled });
    expect(done.stage).to.equal("executed");
    expect(done.recipientAmount).to.equal(10n * E18);
    expect(done.timeline.map((s) => s.stage)).to.deep.equal(["sent", "checkpointed", "executed"]);
  });

  describe("bad inputs give typed errors", () => {
    const good = (): GetWithdrawalProgressParameters => ({
      rootBridge: d.roots.tron.bridge.address,
      message: fast,
      source: source(),
    });
    const call = (change: (p: GetWithdrawalProgressParameters) => GetWithdrawalProgressParameters) => async () =>
      getWithdrawalProgress(d.roots.tron.publicClient, change(good()));
    const rows: BadInput<undefined>[] = [
      {
        input: "a deposit",
        run: async () => {
          const { tron } = d.roots;
          const sent = await getOutboxMessages(tron.publicClient, { outbox: tron.outbox.address, destChainId: 199n });
          return call((p) => ({ ...p, message: sent.at(-1)! }))();
        },
        error: InvalidArgumentError,
        message: /not a withdrawal/,
      },
      {
        input: "a payload of no transfer",
        run: call((p) => ({ ...p, message: { ...fast, payload: "0x1234" } })),
        error: InvalidArgumentError,
      },
      {
        input: "another destination chain",
        run: call((p) => ({ ...p, message: { ...fast, destChainId: 1n } })),
        error: WrongChainError,
      },
      {
        input: "another source chain",
        run: call((p) => ({ ...p, message: { ...fast, sourceChainId: 56n } })),
        error: WrongChainError,
      },
      {
        input: "another target",
        run: call((p) => ({ ...p, message: { ...fast, target: d.roots.tron.inbox.address } })),
        error: InvalidArgumentError,
      },
      {
        input: "a nonce BTTC never sent",
        run: call((p) => ({ ...p, message: { ...fast, nonce: 999n } })),
        error: MessageNotFoundError,
      },
      {
        input: "a source client on the root chain",
        run: call((p) => ({
          ...p,
          source: { client: d.roots.tron.publicClient, outbox: d.roots.tron.outbox.address },
        })),
        error: WrongChainError,
      },
      {
        input: "no contract at rootBridge",
        run: call((p) => ({ ...p, rootBridge: d.roots.tron.alice.account.address })),
        error: NoContractError,
      },
      {
        input: "a malformed rootBridge",
        run: call((p) => ({ ...p, rootBridge: "T-not-an-address" })),
        error: InvalidAddressError,
      },
      { input: "lookbackBlocks 0", run: call((p) => ({ ...p, lookbackBlocks: 0n })), error: InvalidArgumentError },
      { input: "now NaN", run: call((p) => ({ ...p, now: Number.NaN })), error: InvalidArgumentError },
      {
        input: "a client on another chain than the destination",
        run: () => getWithdrawalProgress(d.roots.ethereum.publicClient, good()),
        error: WrongChainError,
      },
      {
        input: "getBridgeCadence with samples 0",
        run: () => getBridgeCadence(d.roots.tron.publicClient, { rootBridge: d.roots.tron.bridge.address, samples: 0 }),
        error: InvalidArgumentError,
      },
    ];
    badInputTable(rows, () => undefined);
  });
});
