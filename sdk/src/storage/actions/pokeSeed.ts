import type { Address, Hash } from "viem";

import type { SigningClient } from "../../contract.ts";
import { sendMarket } from "./contract.ts";
import { toEvmAddress, type AnyAddress } from "../../tron/address.ts";

export interface PokeSeedParameters {
  readonly market: AnyAddress;
  readonly epoch: bigint;
}
export type PokeSeedReturnType = Hash;

/** Records the seed of a beacon epoch (from its first block + 1; on time within 256 blocks, a late seed after that). */
export function pokeSeed(client: SigningClient, parameters: PokeSeedParameters): Promise<PokeSeedReturnType> {
  return sendMarket(client, toEvmAddress(parameters.market), "pokeSeed", [parameters.epoch]);
}
