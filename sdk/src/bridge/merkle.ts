import { bytesToHex, encodeAbiParameters, hexToBytes, isAddress, keccak256, type Hex } from "viem";

import { InvalidArgumentError } from "../errors.ts";
import type { CrossChainMessage } from "./types.ts";

/** Depth of every Outbox stream (contracts/messaging/libraries/MerkleAccumulator.sol). */
export const MESSAGE_TREE_DEPTH = 32;
const MAX_LEAVES = 2 ** MESSAGE_TREE_DEPTH;

/** `keccak256(abi.encode(sourceChainId, destChainId, nonce, sender, target, payload))`. */
export function messageLeaf(message: CrossChainMessage): Hex {
  return bytesToHex(messageLeafBytes(message));
}

/** Writes `value` as a big-endian 32-byte word at `offset`. */
function writeWord(buffer: Uint8Array, offset: number, value: bigint): void {
  if (value < 0n || value >= 1n << 256n) throw new InvalidArgumentError("A message field does not fit in uint256");
  for (let i = 31; i >= 0 && value > 0n; i--) {
    buffer[offset + i] = Number(value & 0xffn);
    value >>= 8n;
  }
}

/**
 * The leaf as bytes. The ABI encoding is written directly (6 head words, the payload's offset is
 * always 0xc0, then its length and the zero-padded bytes): `encodeAbiParameters` gives the same
 * bytes (checked by tests) but is an order of magnitude slower over 10,000-message streams.
 */
function messageLeafBytes(message: CrossChainMessage): Uint8Array {
  if (!isAddress(message.sender, { strict: false }) || !isAddress(message.target, { strict: false })) {
    throw new InvalidArgumentError("Message sender and target must be 20-byte hex addresses", {
      details: { sender: message.sender, target: message.target },
    });
  }
  const payload = hexToBytes(message.payload);
  const padded = Math.ceil(payload.length / 32) * 32;
  const buffer = new Uint8Array(32 * 7 + padded);
  writeWord(buffer, 0, message.sourceChainId);
  writeWord(buffer, 32, message.destChainId);
  writeWord(buffer, 64, message.nonce);
  buffer.set(hexToBytes(message.sender), 96 + 12);
  buffer.set(hexToBytes(message.target), 128 + 12);
  buffer[160 + 31] = 0xc0;
  writeWord(buffer, 192, BigInt(payload.length));
  buffer.set(payload, 224);
  return keccak256(buffer, "bytes");
}

/** The reference encoding of a leaf with viem's ABI encoder (tests compare it with `messageLeaf`). */
export function messageLeafReference(message: CrossChainMessage): Hex {
  return keccak256(
    encodeAbiParameters(
      [
        { type: "uint256" },
        { type: "uint256" },
        { type: "uint256" },
        { type: "address" },
        { type: "address" },
        { type: "bytes" },
      ],
      [message.sourceChainId, message.destChainId, message.nonce, message.sender, message.target, message.payload],
    ),
  );
}

/** Scratch buffer for node hashing (keccak256 returns a fresh array; the input is not kept). */
const pair = new Uint8Array(64);

function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  pair.set(left, 0);
  pair.set(right, 32);
  return keccak256(pair, "bytes");
}

/** `ZERO[h]`: root of an empty subtree of height h (leaves are zero words). */
const ZERO: Uint8Array[] = [new Uint8Array(32)];
for (let h = 0; h < MESSAGE_TREE_DEPTH; h++) ZERO.push(hashPair(ZERO[h]!, ZERO[h]!));

/** Smallest height holding `count` leaves: ceil(log2(count)), 0 for 0 or 1 leaf. */
export function treeHeight(count: number): number {
  let height = 0;
  while (2 ** height < count) height++;
  return height;
}

/**
 * The Merkle tree of one Outbox stream's first `count` messages, exactly as the contract's
 * accumulator defines it (depth 32, keccak256, zero leaves, empty subtrees hashed). Only the
 * levels up to `treeHeight(count)` are stored; the depth-32 root hashes up with empty subtrees.
 */
export class MessageTree {
  readonly count: number;
  readonly height: number;
  private readonly levels: Uint8Array[][];

  private constructor(leaves: Uint8Array[]) {
    if (leaves.length > MAX_LEAVES) {
      throw new InvalidArgumentError(`A stream holds at most 2^32 messages, got ${leaves.length}`);
    }
    this.count = leaves.length;
    this.height = treeHeight(leaves.length);
    this.levels = [leaves];
    for (let h = 0; h < this.height; h++) {
      const layer = this.levels[h]!;
      const next: Uint8Array[] = new Array<Uint8Array>(Math.ceil(layer.length / 2));
      for (let i = 0; i < next.length; i++) next[i] = hashPair(layer[2 * i]!, layer[2 * i + 1] ?? ZERO[h]!);
      this.levels.push(next);
    }
  }

  /** A tree over leaf hashes given in nonce order. */
  static fromLeaves(leaves: readonly Hex[]): MessageTree {
    return new MessageTree(
      leaves.map((leaf, i) => {
        if (typeof leaf !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(leaf)) {
          throw new InvalidArgumentError(`Leaf ${i} must be 32 bytes of hex`, { details: { leaf: String(leaf) } });
        }
        return hexToBytes(leaf);
      }),
    );
  }

  /** A tree over messages given in nonce order (nonce i at index i). */
  static fromMessages(messages: readonly CrossChainMessage[]): MessageTree {
    messages.forEach((m, i) => {
      if (m.nonce !== BigInt(i)) {
        throw new InvalidArgumentError(
          `Message at index ${i} has nonce ${m.nonce}: messages must be in nonce order from 0`,
        );
      }
    });
    return new MessageTree(messages.map(messageLeafBytes));
  }

  /** The depth-32 root (what checkpoints sign as `messageRoot`). */
  get root(): Hex {
    if (this.count === 0) return bytesToHex(ZERO[MESSAGE_TREE_DEPTH]!);
    let node = this.levels[this.height]![0]!;
    for (let h = this.height; h < MESSAGE_TREE_DEPTH; h++) node = hashPair(node, ZERO[h]!);
    return bytesToHex(node);
  }

  /** The shortest proof of leaf `index` (`height` siblings, from the leaf up). */
  proof(index: number): Hex[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new InvalidArgumentError(`Leaf index ${index} is out of range [0, ${this.count})`);
    }
    const proof: Hex[] = [];
    for (let h = 0; h < this.height; h++) {
      const sibling = (index >> h) ^ 1;
      proof.push(bytesToHex(this.levels[h]![sibling] ?? ZERO[h]!));
    }
    return proof;
  }
}

/** The depth-32 root implied by a leaf, its index and a proof (the contract's `computeRoot`). */
export function computeMessageRoot(leaf: Hex, index: number, proof: readonly Hex[]): Hex {
  if (proof.length > MESSAGE_TREE_DEPTH || index >= 2 ** proof.length) {
    throw new InvalidArgumentError(`Index ${index} does not fit a proof of ${proof.length} siblings`);
  }
  let node = hexToBytes(leaf);
  for (let h = 0; h < MESSAGE_TREE_DEPTH; h++) {
    if (h < proof.length) {
      const sibling = hexToBytes(proof[h]!);
      node = Math.floor(index / 2 ** h) % 2 === 1 ? hashPair(sibling, node) : hashPair(node, sibling);
    } else {
      node = hashPair(node, ZERO[h]!);
    }
  }
  return bytesToHex(node);
}
