import { isHex, type Hex } from "viem";

import type { PeerAddress } from "./download/options.ts";
import { TransferError } from "./errors.ts";

/** What a shareable link names: the content (root, size) and where to fetch it. */
export interface ContentLink {
  readonly root: Hex;
  readonly size: bigint;
  readonly peers: readonly PeerAddress[];
}

const SCHEME = "btt://";

/** `btt://<root>/<size>?peer=host:port&peer=...`: what `btt-p2p fetch` takes in place of root, size and peers. */
export function formatLink(link: ContentLink): string {
  const peers = link.peers.map((p) => `peer=${p.host.includes(":") ? `[${p.host}]` : p.host}:${p.port}`).join("&");
  return `${SCHEME}${link.root}/${link.size}${peers.length > 0 ? `?${peers}` : ""}`;
}

/** Parses a link of `formatLink`; undefined if `text` is not one, `TransferError` if it is malformed. */
export function parseLink(text: string): ContentLink | undefined {
  if (!text.startsWith(SCHEME)) return undefined;
  const match = /^btt:\/\/(0x[0-9a-fA-F]{64})\/(\d+)(?:\?(.*))?$/.exec(text);
  if (match === null || !isHex(match[1]) || BigInt(match[2] as string) === 0n) {
    throw new TransferError("Malformed link", {
      details: { link: text },
      hints: ["A link reads btt://<root>/<size>?peer=host:port (printed by `btt-p2p info` and `seed`)"],
    });
  }
  const peers: PeerAddress[] = [];
  for (const part of (match[3] ?? "").split("&").filter((p) => p.length > 0)) {
    const [key, value] = part.split("=", 2) as [string, string | undefined];
    const at = value?.lastIndexOf(":") ?? -1;
    const port = Number(value?.slice(at + 1));
    if (key !== "peer" || value === undefined || at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
      throw new TransferError("Malformed peer in link", { details: { link: text, part } });
    }
    peers.push({ host: value.slice(0, at).replace(/^\[|\]$/g, ""), port });
  }
  return { root: match[1] as Hex, size: BigInt(match[2] as string), peers };
}
