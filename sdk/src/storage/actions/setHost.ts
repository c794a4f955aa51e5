import type { Address, Hash } from "viem";

import type { SigningClient } from "../../contract.ts";
import { sendMarket } from "./contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface SetHostParameters {
  readonly market: AnyAddress;
  /** Bytes the host offers; bounds the total size of its active deals. */
  readonly capacity: bigint;
  readonly pricePerGiBPerPeriod: bigint;
  readonly collateralPerGiB: bigint;
  /** Where clients reach the host (e.g. `tcp://host:6881`), at most 256 bytes. */
  readonly endpoint: string;
}
export type SetHostReturnType = Hash;

/** Registers the caller as a host or updates its advertised terms. */
export function setHost(client: SigningClient, parameters: SetHostParameters): Promise<SetHostReturnType> {
  const { market, ...terms } = parameters;
  return sendMarket(client, market, "setHost", [terms]);
}
