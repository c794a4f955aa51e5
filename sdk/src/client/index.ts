/**
 * @btt-network/sdk/client: one call from a deployment manifest to a viem client with every
 * domain's actions bound to that network's contracts.
 *
 * ```ts
 * const manifest = parseManifest(await readFile("deployments/bttcDonau.json", "utf8"));
 * const btt = createBttClient({ manifest, transport: http(url), account });
 * await btt.payments?.depositToPool({ amount: 10n ** 18n });
 * const status = await btt.bridge?.getMessageStatus({ message });
 * ```
 */
import {
  createClient,
  publicActions,
  walletActions,
  type Account,
  type Address,
  type Chain,
  type Client,
  type PublicActions,
  type Transport,
  type WalletActions,
} from "viem";

import { bridgeActions } from "../bridge/decorators.ts";
import { chainById } from "../chains/index.ts";
import type { ReadClient } from "../contract.ts";
import { assertManifestChain } from "../deployments/manifest.ts";
import type { DeploymentManifest } from "../deployments/types.ts";
import { InvalidArgumentError } from "../errors.ts";
import { paymentsActions } from "../payments/decorators.ts";
import { stakingActions, validatorSetActions } from "../staking/decorators.ts";
import { storageActions } from "../storage/decorators.ts";

export interface CreateBttClientParameters<transport extends Transport = Transport> {
  /** The network's deployment manifest (`parseManifest`). */
  readonly manifest: DeploymentManifest;
  readonly transport: transport;
  /** The sender of writes; omit for a read-only client. */
  readonly account?: Account | Address;
  /** Default: the chain table's chain for the manifest's chain id (`@btt-network/sdk/chains`). */
  readonly chain?: Chain;
}

/**
 * A viem client (public actions, and wallet actions when `account` is given) extended with
 * `staking`, `validatorSet`, `payments`, `storage` and `bridge`: each domain's actions bound to the manifest's
 * contracts, or `undefined` when the network has none of that domain's contracts.
 */
export function createBttClient<transport extends Transport>(
  parameters: CreateBttClientParameters<transport>,
): BttClient<transport> {
  const { manifest } = parameters;
  const chain = parameters.chain ?? chainById(manifest.chainId);
  if (chain === undefined) {
    throw new InvalidArgumentError(`No chain in the chain table has id ${manifest.chainId}`, {
      hints: ["Pass `chain` (a viem chain, e.g. from defineChain) for a network the table does not know"],
    });
  }
  assertManifestChain(manifest, chain.id);
  const c = manifest.contracts;
  const base = createClient({
    chain,
    transport: parameters.transport,
    ...(parameters.account === undefined ? {} : { account: parameters.account }),
  })
    .extend(publicActions)
    .extend(walletActions);
  const extended = base.extend((client) => {
    const read = client as unknown as ReadClient;
    const inbox = c.inbox?.address;
    const outbox = c.outbox?.address;
    return {
      manifest,
      staking:
        c.stakeManager === undefined ? undefined : stakingActions({ stakeManager: c.stakeManager.address })(read),
      payments:
        c.paymentChannels === undefined ? undefined : paymentsActions({ pool: c.paymentChannels.address })(read),
      validatorSet:
        c.validatorSet === undefined ? undefined : validatorSetActions({ validatorSet: c.validatorSet.address })(read),
      storage: c.storageMarket === undefined ? undefined : storageActions({ market: c.storageMarket.address })(read),
      bridge:
        inbox === undefined || outbox === undefined
          ? undefined
          : bridgeActions({
              inbox,
              outbox,
              ...(c.rootBridge === undefined ? {} : { rootBridge: c.rootBridge.address }),
              ...(c.childBridge === undefined ? {} : { childBridge: c.childBridge.address }),
            })(read),
    };
  });
  return extended as unknown as BttClient<transport>;
}

/** Each domain's actions bound to a network's contracts (`undefined` where the network has none). */
export interface BttDomains {
  readonly manifest: DeploymentManifest;
  readonly staking: ReturnType<ReturnType<typeof stakingActions>> | undefined;
  /** The chain's validator-set verifier (every chain of a network has one). */
  readonly validatorSet: ReturnType<ReturnType<typeof validatorSetActions>> | undefined;
  readonly payments: ReturnType<ReturnType<typeof paymentsActions>> | undefined;
  readonly storage: ReturnType<ReturnType<typeof storageActions>> | undefined;
  readonly bridge: ReturnType<ReturnType<typeof bridgeActions>> | undefined;
}

/** What `createBttClient` returns. */
export type BttClient<transport extends Transport = Transport> = Client<transport, Chain, Account | undefined> &
  PublicActions<transport, Chain> &
  WalletActions<Chain, Account | undefined> &
  BttDomains;
