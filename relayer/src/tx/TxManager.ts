/**
 * The shared executor's write side for one chain: signs, sends and follows every recorded
 * transaction until it is final at the chain's confirmation depth. Rules:
 *
 * - A row is signed only after it is recorded with its nonce and fees, and each signed form is
 *   recorded before it is broadcast, so whatever a block includes is known to be ours.
 * - Before acting on a row the receipts of all its attempts are looked up; a receipt that
 *   disappears or moves to another block sends the row back (reorg); a row is confirmed only when
 *   its block is deep enough and still canonical.
 * - Send errors are handled by cause: already known = sent; nonce too low = look for our receipt,
 *   and only if none shows up for a while did the nonce go to a foreign transaction (dropped, the
 *   duty decides again, nonce re-synced); underpriced = bump; insufficient funds = halt the account
 *   until it is funded; anything else = the same bytes again later, with a growing pause, never
 *   given up (the bytes may have arrived; giving up could pay twice).
 * - A sent row without receipt after `stuckAfterMs` is replaced: same nonce, same call, fees up by
 *   `bumpPercent`, never above the cap.
 * - With sending disabled nothing is broadcast; receipts are still followed.
 * - Several processes on one database: an account's rows are handled only by the holder of its
 *   `account:<chain>:<address>` lease (`leases`); every signed form is recorded under a check of
 *   that lease's generation in the same database transaction, and nothing is broadcast once the
 *   lease is no longer held, so a process that lost the lease never sends a new transaction for it.
 */
import type { Address, Hex } from "viem";

import { localKey, type LocalKey, type ResolvedKey } from "../config/keys.ts";
import { LeaseLostError, SendHaltedError } from "../errors.ts";
import type { HealthState } from "../observability/health.ts";
import type { Logger } from "../observability/log.ts";
import type { RelayerMetrics } from "../observability/metrics.ts";
import { accountLease, type LeaseKeeper } from "../runtime/leases.ts";
import { mapLimit } from "../runtime/limit.ts";
import type { Store } from "../store/Store.ts";
import type { Fees, TxRow } from "../store/types.ts";
import { classifySendError, shortError } from "./classify.ts";
import type { ChainSender, HeadView, ReceiptView, SignedAttempt } from "./types.ts";

export interface TxManagerOptions {
  readonly store: Store;
  readonly sender: ChainSender;
  /** Signing keys by (checksummed or lower-case) address. */
  readonly keys: ReadonlyMap<string, ResolvedKey>;
  readonly log: Logger;
  readonly metrics: RelayerMetrics;
  readonly health: HealthState;
  readonly sendEnabled: boolean;
  /** How long an account stays halted (out of funds) before the send is tried again. */
  readonly haltRetryMs?: number;
  readonly now?: () => number;
  /** Leases of this process (several processes on one database); without it every account is this process's. */
  readonly leases?: LeaseKeeper;
}

interface Halt {
  readonly error: SendHaltedError;
  readonly until: number;
}

/** How often the sending accounts' balances are read. */
const BALANCE_EVERY_MS = 15_000;

export class TxManager {
  readonly chain: string;
  readonly sender: ChainSender;
  private readonly o: TxManagerOptions;
  private readonly logPrivate: Logger;
  private readonly nowPrivate: () => number;
  private readonly halts = new Map<string, Halt>();
  /** Rows whose sends keep failing for unclear reasons, and when to try them again. */
  private readonly failures = new Map<number, { count: number; nextAt: number }>();
  private readonly synced = new Set<string>();
  /** Accounts that send on this chain (their balance is a metric). */
  private readonly accounts = new Set<Address>();
  private balancesReadAt = -Infinity;
  private readonly nonceUsedSince = new Map<number, number>();
  /** Rows a node accepted during the current pass, marked sent together at its end. */
  private readonly accepted: number[] = [];
  private settledListeners: (() => void)[] = [];
  /** Set by the loop that runs `tick`, so duties can ask for a pass right after recording. */
  wake: (() => void) | undefined;

  constructor(options: TxManagerOptions) {
    this.o = options;
    this.sender = options.sender;
    this.chain = options.sender.chain;
    this.logPrivate = options.log.child({ chain: this.chain, component: "executor" });
    this.nowPrivate = options.now ?? Date.now;
  }

  /** Called when a row becomes final (confirmed or dropped), so duties can move on at once. */
  onSettled(listener: () => void): void {
    this.settledListeners.push(listener);
  }

  /** Why `account` may not send right now, if it is halted. */
  halted(account: Address): SendHaltedError | undefined {
    return this.halts.get(account.toLowerCase())?.error;
  }

  /** The generation of this process's lease on `account` (sending), undefined when another process sends for it. */
  private leaseOf(account: Address): number | undefined {
    const leases = this.o.leases;
    return leases === undefined ? 0 : leases.generation(accountLease(this.chain, account));
  }

  /**
   * Runs `write` in one store transaction after checking in it that this process still holds each
   * account's lease at the generation it acts under; false (and the lease dropped) when one was lost.
   */
  private async fenced(accounts: ReadonlyMap<string, number>, write: () => Promise<void>): Promise<boolean> {
    const leases = this.o.leases;
    if (leases === undefined) {
      await write();
      return true;
    }
    const store = this.o.store;
    try {
      await store.atomically(async () => {
        for (const [account, generation] of accounts)
          await store.checkLease(accountLease(this.chain, account), generation);
        await write();
      });
      return true;
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      for (const account of accounts.keys()) leases.lost(accountLease(this.chain, account));
      this.logPrivate.warn({ err: error.message }, "write refused: the account's lease was lost");
      return false;
    }
  }

  /** Makes sure the store knows the account's next nonce (at least the node's pending count). */
  async syncAccount(account: Address): Promise<void> {
    const key = account.toLowerCase();
    this.accounts.add(account);
    this.o.leases?.want(accountLease(this.chain, account));
    if (this.synced.has(key) || !this.sender.usesNonces) return;
    await this.o.store.syncNonce(this.chain, account, await this.sender.accountNonce(account));
    this.synced.add(key);
  }

  /** Sending accounts' balances for the metric (an operator alerts before a halt); a failed read only counts as an RPC error. */
  private async readBalances(): Promise<void> {
    this.balancesReadAt = this.nowPrivate();
    await Promise.all(
      [...this.accounts].map(async (account) => {
        try {
          this.o.metrics.accountBalance.set(
            { chain: this.chain, account },
            Number(await this.sender.balanceOf(account)),
          );
        } catch {
          this.o.metrics.rpcErrors.inc({ chain: this.chain });
        }
      }),
    );
  }

  /** One pass over the open rows of this chain. Never throws for a single row's trouble. */
  async tick(): Promise<void> {
    const health = this.o.health.chain(this.chain);
    let head: HeadView;
    try {
      head = await this.sender.head();
    } catch (error) {
      health.lastError = shortError(error);
      this.o.metrics.rpcErrors.inc({ chain: this.chain });
      throw error;
    }
    Object.assign(health, {
      head: head.number,
      headTimestamp: head.timestamp,
      lastPollAt: this.nowPrivate(),
      lastError: undefined,
    });
    this.o.metrics.headBlock.set({ chain: this.chain }, head.number);
    if (this.nowPrivate() - this.balancesReadAt >= BALANCE_EVERY_MS) await this.readBalances();

    // Only the accounts whose lease this process holds (under the generation read here).
    const generations = new Map<string, number>();
    const open = await this.o.store.openTxs(this.chain);
    // Rows an earlier process recorded for an account of ours: its lease is wanted from now on.
    for (const row of open)
      if (this.o.keys.has(row.sender.toLowerCase())) this.o.leases?.want(accountLease(this.chain, row.sender));
    const rows = open.filter((row) => {
      const generation = this.leaseOf(row.sender);
      if (generation !== undefined) generations.set(row.sender.toLowerCase(), generation);
      return generation !== undefined;
    });
    if (rows.length === 0) return;
    // Receipts first (in parallel): a row that turns out mined is never re-sent.
    const pending = await mapLimit(rows, 16, async (row) => {
      try {
        return await this.track(row, head);
      } catch (error) {
        this.rowError(row, error);
        return undefined;
      }
    });
    // Then sends, per account in nonce order. New rows are signed first and all their attempts
    // recorded in one store transaction (one fsync) before any of them is broadcast; rows
    // accepted by the node are marked sent together at the end of the pass.
    const fresh = new Map<number, SignedAttempt>();
    if (this.o.sendEnabled) {
      const toSign = pending.filter(
        (row): row is TxRow => row !== undefined && row.status === "intended" && this.maySend(row),
      );
      const signed = await Promise.all(
        toSign.map((row) => this.sender.sign(row, row, this.key(row)).catch(() => undefined)),
      );
      const recorded = toSign.flatMap((row, i) =>
        signed[i] === undefined ? [] : [{ txId: row.id, attempt: signed[i] }],
      );
      const accounts = new Map(
        toSign.map((row) => [row.sender.toLowerCase(), generations.get(row.sender.toLowerCase()) ?? -1]),
      );
      if (recorded.length > 0 && (await this.fenced(accounts, () => this.o.store.recordAttempts(recorded))))
        for (const { txId, attempt } of recorded) fresh.set(txId, attempt);
    }
    try {
      for (const row of pending) {
        if (row === undefined) continue;
        try {
          const attempt = fresh.get(row.id);
          if (attempt === undefined) {
            if (row.status !== "intended") await this.advance(row);
          } else if (this.maySend(row)) {
            await this.broadcast(row, attempt.raw); // else: halted meanwhile; sent later as 'signed'
          }
        } catch (error) {
          this.rowError(row, error);
        }
      }
    } finally {
      await this.o.store.markSent(this.accepted.splice(0));
    }
  }

  private maySend(row: TxRow): boolean {
    if (this.leaseOf(row.sender) === undefined) return false; // lost meanwhile: another process sends it
    const halt = this.halts.get(row.sender.toLowerCase());
    if (halt !== undefined && halt.until > this.nowPrivate()) return false;
    const failing = this.failures.get(row.id);
    return failing === undefined || failing.nextAt <= this.nowPrivate();
  }

  private rowError(row: TxRow, error: unknown): void {
    this.logPrivate.warn(
      { tx: row.id, duty: row.duty, id: row.recordId, err: shortError(error) },
      "transaction step failed; retrying next pass",
    );
  }

  /** Updates a row from the chain; returns it if it still needs a send or a replacement. */
  private async track(row: TxRow, head: HeadView): Promise<TxRow | undefined> {
    if (row.status === "intended") return row;
    if (row.status === "mined") {
      const receipt = row.hash === null ? undefined : await this.sender.receipt(row.hash);
      if (receipt === undefined || receipt.blockHash !== row.blockHash) {
        const other = await this.findReceipt(row);
        if (other === undefined) {
          this.logPrivate.warn(
            { tx: row.id, id: row.recordId, hash: row.hash, block: row.blockNumber },
            "receipt went away (reorg); pending again",
          );
          this.o.metrics.txReorged.inc({ chain: this.chain });
          await this.o.store.markUnmined(row.id, `receipt of ${row.hash} at block ${row.blockNumber} went away`);
          return await this.o.store.getTx(row.id);
        }
        return this.mined(row, other, head);
      }
      return this.mined(row, receipt, head);
    }
    // signed or sent
    const receipt = await this.findReceipt(row);
    if (receipt !== undefined) return this.mined(row, receipt, head);
    if (this.sender.isExpired?.(row, head) === true) {
      await this.drop(row, "expired before inclusion");
      return undefined;
    }
    return row;
  }

  private async findReceipt(row: TxRow): Promise<ReceiptView | undefined> {
    const hashes = new Set<Hex>();
    if (row.hash !== null) hashes.add(row.hash);
    for (const attempt of await this.o.store.attemptsOf(row.id)) hashes.add(attempt.hash);
    for (const hash of hashes) {
      const receipt = await this.sender.receipt(hash);
      if (receipt !== undefined) return receipt;
    }
    return undefined;
  }

  private async mined(row: TxRow, receipt: ReceiptView, head: HeadView): Promise<undefined> {
    const changed = row.status !== "mined" || row.blockHash !== receipt.blockHash || row.hash !== receipt.hash;
    const depth = Math.max(head.number, receipt.blockNumber) - receipt.blockNumber + 1;
    // Re-check before acting: the block must still be the canonical one at its height.
    const final =
      depth >= this.sender.confirmations && (await this.sender.blockHashAt(receipt.blockNumber)) === receipt.blockHash;
    const store = this.o.store;
    await store.atomically(async () => {
      if (changed) await store.markMined(row.id, receipt);
      if (final) await store.markConfirmed(row.id);
    });
    if (!final) {
      if (changed)
        this.logPrivate.debug(
          { tx: row.id, id: row.recordId, hash: receipt.hash, block: receipt.blockNumber },
          "mined",
        );
      return undefined;
    }
    this.failures.delete(row.id);
    this.o.metrics.txConfirmed.inc({ chain: this.chain, outcome: receipt.success ? "success" : "reverted" });
    this.logPrivate.info(
      {
        tx: row.id,
        duty: row.duty,
        id: row.recordId,
        hash: receipt.hash,
        block: receipt.blockNumber,
        success: receipt.success,
      },
      "transaction confirmed",
    );
    this.settled();
    return undefined;
  }

  private settled(): void {
    for (const listener of this.settledListeners) listener();
  }

  private async drop(row: TxRow, reason: string): Promise<void> {
    await this.o.store.markDropped(row.id, reason);
    this.o.metrics.txDropped.inc({ chain: this.chain });
    this.logPrivate.warn(
      { tx: row.id, duty: row.duty, id: row.recordId, nonce: row.nonce, reason },
      "transaction dropped; the duty decides again",
    );
    this.settled();
  }

  private key(row: TxRow): LocalKey {
    const key = this.o.keys.get(row.sender.toLowerCase());
    if (key === undefined) throw new Error(`no key for ${row.sender}`);
    return localKey(key);
  }

  /** Signs and broadcasts what needs it: new rows, rows whose send is unknown, stuck rows. */
  private async advance(row: TxRow): Promise<void> {
    if (!this.o.sendEnabled || !this.maySend(row)) return;
    if (row.status === "signed" && row.raw !== null) return this.broadcast(row, row.raw);
    if (row.status === "sent" && row.sentAt !== null && this.nowPrivate() - row.sentAt >= this.sender.stuckAfterMs)
      return this.replace(row);
  }

  private async replace(row: TxRow): Promise<void> {
    if (!this.sender.usesNonces) return;
    const market = await this.sender.quoteFees();
    const fees = this.sender.bumpFees(row, market);
    if (fees === undefined) {
      this.logPrivate.warn(
        { tx: row.id, id: row.recordId, maxFeePerGas: String(row.maxFeePerGas ?? row.gasPrice) },
        "stuck at the fee cap; re-sending as is",
      );
      await this.o.store.setTxError(row.id, "stuck at the fee cap");
      if (row.raw !== null) await this.broadcast(row, row.raw);
      return;
    }
    await this.sendReplacement(row, fees);
  }

  private async sendReplacement(row: TxRow, fees: Fees): Promise<void> {
    const signed = await this.sender.sign(row, fees, this.key(row));
    const generation = this.leaseOf(row.sender);
    if (generation === undefined) return;
    const account = new Map([[row.sender.toLowerCase(), generation]]);
    if (!(await this.fenced(account, () => this.o.store.recordAttempt(row.id, signed, true)))) return;
    this.o.metrics.txBumped.inc({ chain: this.chain });
    this.logPrivate.info(
      {
        tx: row.id,
        id: row.recordId,
        nonce: row.nonce,
        hash: signed.hash,
        maxFeePerGas: String(fees.maxFeePerGas ?? fees.gasPrice),
      },
      "replacing with higher fees",
    );
    await this.broadcast(row, signed.raw);
  }

  private async broadcast(row: TxRow, raw: Hex): Promise<void> {
    if (this.leaseOf(row.sender) === undefined) return; // the lease's new holder broadcasts the recorded bytes
    try {
      await this.sender.broadcast(raw);
    } catch (error) {
      return this.onSendError(row, error);
    }
    this.accepted.push(row.id);
    this.failures.delete(row.id);
    this.o.metrics.txSent.inc({ chain: this.chain });
    this.halts.delete(row.sender.toLowerCase());
    this.logPrivate.debug({ tx: row.id, duty: row.duty, id: row.recordId, nonce: row.nonce }, "sent");
  }

  private async onSendError(row: TxRow, error: unknown): Promise<void> {
    const cause = classifySendError(error);
    const message = shortError(error);
    this.o.metrics.sendErrors.inc({ chain: this.chain, cause });
    const log = this.logPrivate.child({ tx: row.id, duty: row.duty, id: row.recordId, nonce: row.nonce, cause });
    switch (cause) {
      case "alreadyKnown":
        this.accepted.push(row.id);
        return;
      case "nonceTooLow": {
        const receipt = await this.findReceipt(row);
        if (receipt !== undefined) {
          await this.o.store.markMined(row.id, receipt);
          this.nonceUsedSince.delete(row.id);
          return;
        }
        // The nonce is used and none of our attempts has a receipt (yet: a lagging RPC backend
        // may not have it). Give up on the row only if that stays true for a while.
        const since = this.nonceUsedSince.get(row.id) ?? this.nowPrivate();
        this.nonceUsedSince.set(row.id, since);
        if (this.nowPrivate() - since < this.sender.stuckAfterMs) {
          await this.o.store.setTxError(row.id, `nonce ${row.nonce} is used; looking for our receipt`);
          return;
        }
        this.nonceUsedSince.delete(row.id);
        const generation = this.leaseOf(row.sender);
        if (generation === undefined) return;
        const account = new Map([[row.sender.toLowerCase(), generation]]);
        const dropped = await this.fenced(account, () =>
          this.drop(row, `nonce ${row.nonce} was used by a transaction that is not ours`),
        );
        if (!dropped) return;
        this.synced.delete(row.sender.toLowerCase());
        await this.syncAccount(row.sender);
        return;
      }
      case "underpriced": {
        const fees = this.sender.bumpFees(row, await this.sender.quoteFees());
        if (fees === undefined) {
          log.warn({ err: message }, "underpriced at the fee cap; waiting");
          await this.o.store.setTxError(row.id, message);
          return;
        }
        return this.sendReplacement((await this.o.store.getTx(row.id)) ?? row, fees);
      }
      case "insufficientFunds": {
        const halted = new SendHaltedError(`account ${row.sender} has insufficient funds on ${this.chain}`, {
          details: { chain: this.chain, account: row.sender, node: message },
          hints: [`Fund ${row.sender} on ${this.chain}; sending resumes by itself.`],
        });
        if (!this.halts.has(row.sender.toLowerCase())) log.error({ err: message }, halted.shortMessage);
        this.halts.set(row.sender.toLowerCase(), {
          error: halted,
          until: this.nowPrivate() + (this.o.haltRetryMs ?? 30_000),
        });
        await this.o.store.setTxError(row.id, halted.shortMessage);
        return;
      }
      default: {
        // network, reverted, unknown: the bytes may or may not have arrived, so the row is never
        // given up (that could pay twice). Its receipts are looked up first on every pass, and the
        // same bytes are tried again with a growing pause; the error shows in `status` and logs.
        const failures = (this.failures.get(row.id)?.count ?? 0) + 1;
        const pause = Math.min(60_000, 250 * 2 ** Math.min(failures, 12));
        this.failures.set(row.id, { count: failures, nextAt: this.nowPrivate() + pause });
        await this.o.store.setTxError(row.id, message);
        (failures >= 5 ? log.error.bind(log) : log.warn.bind(log))(
          { err: message, failures, retryInMs: pause },
          "send failed",
        );
      }
    }
  }
}
