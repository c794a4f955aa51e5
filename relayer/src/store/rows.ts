/**
 * Rows as both engines return them, turned into the relayer's types (amounts as bigint; integers
 * that PostgreSQL returns as strings for BIGINT columns are converted with Number).
 */
import type { Address, Hex } from "viem";

import type { DutyRecord, Fees, LeaseRow, NewTx, TxRow, TxStatus } from "./types.ts";

export type Row = Record<string, unknown>;

/** `prefix` with LIKE's wildcards escaped (`ESCAPE '\\'`). */
export function likePrefix(prefix: string): string {
  return prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function str(value: bigint | undefined): string | null {
  return value === undefined ? null : value.toString();
}

export function big(value: unknown): bigint | undefined {
  return value === null || value === undefined ? undefined : BigInt(value as string);
}

export function fees(row: Row): Fees {
  return {
    maxFeePerGas: big(row.max_fee),
    maxPriorityFeePerGas: big(row.max_priority_fee),
    gasPrice: big(row.gas_price),
    feeLimit: big(row.fee_limit),
  };
}

/** The columns of a new transaction row, in order, and their values (both engines insert these). */
export const TX_INSERT_COLUMNS = `duty, record_id, chain, sender, nonce, to_address, data, value, gas, max_fee,
  max_priority_fee, gas_price, fee_limit, status, created_at, updated_at, created_by`;

export function txInsertValues(
  duty: string,
  recordId: string,
  tx: NewTx,
  nonce: number | null,
  now: number,
  holder: string,
): unknown[] {
  return [
    duty,
    recordId,
    tx.chain,
    tx.sender,
    nonce,
    tx.to,
    tx.data,
    tx.value.toString(),
    tx.gas.toString(),
    str(tx.maxFeePerGas),
    str(tx.maxPriorityFeePerGas),
    str(tx.gasPrice),
    str(tx.feeLimit),
    "intended",
    now,
    now,
    holder,
  ];
}

export function toRecord<S extends string, D>(row: Row): DutyRecord<S, D> {
  return {
    duty: row.duty as string,
    id: row.id as string,
    state: row.state as S,
    data: JSON.parse(row.data as string) as D,
    error: (row.error as string | null) ?? null,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export function toTx(row: Row): TxRow {
  return {
    id: Number(row.id),
    duty: row.duty as string,
    recordId: row.record_id as string,
    chain: row.chain as string,
    sender: row.sender as Address,
    nonce: row.nonce === null ? null : Number(row.nonce),
    to: row.to_address as Address,
    data: row.data as Hex,
    value: BigInt(row.value as string),
    gas: BigInt(row.gas as string),
    ...fees(row),
    hash: (row.hash as Hex | null) ?? null,
    raw: (row.raw as Hex | null) ?? null,
    status: row.status as TxStatus,
    success: row.success === null ? null : Number(row.success) === 1,
    blockNumber: row.block_number === null ? null : Number(row.block_number),
    blockHash: (row.block_hash as Hex | null) ?? null,
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    bumps: Number(row.bumps),
    error: (row.error as string | null) ?? null,
    createdAt: Number(row.created_at),
  };
}

export function toLease(row: Row): LeaseRow {
  return {
    name: row.name as string,
    holder: row.holder as string,
    generation: Number(row.generation),
    expiresAt: Number(row.expires_at),
    acquiredAt: Number(row.acquired_at),
    renewedAt: Number(row.renewed_at),
  };
}

/** `<processName>:<random>`: a new holder for every start of a process. */
export function newHolder(processName: string): string {
  return `${processName}:${Math.random().toString(36).slice(2, 8)}`;
}
