/** How big the story runs: `full` for `npm start`, `short` for the test suite. */
export interface Profile {
  readonly name: "full" | "short";
  /** Bytes of the file stored under deals and then downloaded. */
  readonly fileSize: number;
  /** Storage hosts (one shard each; data + parity shards = hosts). */
  readonly dataShards: number;
  readonly parityShards: number;
  /** Native BTT (wei) a seeder charges per verified 256 KiB piece. */
  readonly pricePerPiece: bigint;
  /** Pieces a seeder serves ahead of payment. */
  readonly creditPieces: number;
}

export const BTT = 10n ** 18n;

export const profiles: Record<Profile["name"], Profile> = {
  full: {
    name: "full",
    fileSize: 24 * 2 ** 20 + 12_345,
    dataShards: 3,
    parityShards: 2,
    pricePerPiece: BTT / 100n,
    creditPieces: 4,
  },
  short: {
    name: "short",
    fileSize: 2 * 2 ** 20 + 777,
    dataShards: 1,
    parityShards: 1,
    pricePerPiece: BTT / 100n,
    creditPieces: 2,
  },
};
