/**
 * Which messages this relayer pays gas for. Deposits (and token mappings) from a root chain to
 * BTTC are always executed: BTTC gas is cheap and users expect deposits to arrive by themselves.
 * Withdrawals to a root chain cost root-chain gas (Ethereum: dollars per exit), so they are
 * executed only for users who opted in with the operator (`withdrawals.recipients` or
 * `withdrawals.withdrawers`); everyone else exits with the SDK's `exit` and pays their own gas.
 * When an endpoint names its bridge, messages from any other sender are never executed (the
 * Outbox is open to anyone; paying for arbitrary messages would let anyone drain the relayer),
 * except governance's (`governance.ts`: recognised on the destination chain, no allow-list).
 */
import { decodeAbiParameters, type Address, type Hex } from "viem";

import type { MessageEndpoint, MessagesConfig } from "./config.ts";

/** Payload kinds of contracts/bridge/libraries/BridgeMessages.sol. */
export const WITHDRAW = 3n;

export type Direction = "deposit" | "withdrawal";

export interface PolicyVerdict {
  readonly execute: boolean;
  /** Why a message is skipped (kept in the record's error). */
  readonly reason?: string;
  /** Skipped because its sender is not the source bridge: it may still be governance's (`governance.ts`). */
  readonly otherSender?: true;
}

const transferParams = [
  { type: "uint256" },
  { type: "address" },
  { type: "address" },
  { type: "address" },
  { type: "uint256" },
] as const;

/** `(withdrawer, recipient)` of a WITHDRAW payload, undefined for anything else. */
export function decodeWithdrawal(
  payload: Hex,
): { withdrawer: Address; recipient: Address; amount: bigint } | undefined {
  try {
    const [kind, , withdrawer, recipient, amount] = decodeAbiParameters(transferParams, payload);
    return kind === WITHDRAW ? { withdrawer, recipient, amount } : undefined;
  } catch {
    return undefined;
  }
}

export class MessagePolicy {
  private readonly recipients: ReadonlySet<string>;
  private readonly withdrawers: ReadonlySet<string>;

  constructor(withdrawals: MessagesConfig["withdrawals"]) {
    this.recipients = new Set(withdrawals.recipients.map((a) => a.toLowerCase()));
    this.withdrawers = new Set(withdrawals.withdrawers.map((a) => a.toLowerCase()));
  }

  judge(direction: Direction, source: MessageEndpoint, message: { sender: Address; payload: Hex }): PolicyVerdict {
    if (source.bridge !== undefined && message.sender.toLowerCase() !== source.bridge.toLowerCase())
      return { execute: false, reason: `sender ${message.sender} is not the source bridge`, otherSender: true };
    if (direction === "deposit") return { execute: true };
    const withdrawal = decodeWithdrawal(message.payload);
    if (withdrawal === undefined) return { execute: false, reason: "not a withdrawal payload" };
    if (
      this.recipients.has(withdrawal.recipient.toLowerCase()) ||
      this.withdrawers.has(withdrawal.withdrawer.toLowerCase())
    )
      return { execute: true };
    return { execute: false, reason: "withdrawal of a user who did not opt in" };
  }
}
