/** Builds the message executor from the root config (registry entry `messages`). */
import type { PublicClient } from "viem";

import { createChainClient } from "../../chain/client.ts";
import type { ChainManifests } from "../../config/manifests.ts";
import type { RelayerConfig } from "../../config/schema.ts";
import { ConfigError } from "../../errors.ts";
import type { DutyContract, DutyFactory, DutyFactoryContext } from "../context.ts";
import type { Duty } from "../types.ts";
import { resolveMessages } from "./config.ts";
import { MessageDuty } from "./MessageDuty.ts";
import { MessageMetrics } from "./metrics.ts";

function createMessageDuty({
  config,
  store,
  services,
  manifests,
}: DutyFactoryContext): Duty<string, unknown> | undefined {
  const configured = config.duties.messages;
  if (configured === undefined || !configured.enabled) return undefined;
  const messages = resolveMessages(configured, manifests ?? new Map());
  const clients = new Map<string, PublicClient>();
  for (const name of Object.keys(messages.endpoints)) {
    const chain = config.chains[name];
    if (chain === undefined)
      throw new ConfigError(`duties.messages.endpoints.${name}: chain '${name}' is not configured under 'chains'`, {
        hints: ["Add the chain under 'chains', or remove the entry"],
      });
    clients.set(name, createChainClient(chain));
  }
  return new MessageDuty({
    config: messages,
    chains: config.chains,
    clients,
    store,
    log: services?.log.child({ duty: "messages" }),
    metrics: services === undefined ? undefined : new MessageMetrics(services.metrics.registry),
  }) as unknown as Duty<string, unknown>;
}

function messageContracts(config: RelayerConfig, manifests: ChainManifests): DutyContract[] {
  const messages = config.duties.messages;
  if (messages?.enabled !== true) return [];
  return MessageDuty.contracts(resolveMessages(messages, manifests)).map((c) => ({ duty: "messages", ...c }));
}

export const messagesFactory: DutyFactory = { create: createMessageDuty, contracts: messageContracts };
