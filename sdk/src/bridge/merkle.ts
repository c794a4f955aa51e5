import { bytesToHex, encodeAbiParameters, hexToBytes, keccak256, type Hex } from "viem";

import { InvalidArgumentError } from "../errors.ts";
import type { CrossChainMessage } from "./types.ts";

/** Depth of every Outbox stream (contracts/messaging/MerkleAccumulator.sol). */
export const MESSAGE_TREE_DEPTH = 32;
const MAX_LEAVES = 2 ** MESSAGE_TREE_DEPTH;

const leafParameters = [
  { type: "uint256" },
  { type: "uint256" },
  { type: "uint256" },
  { type: "address" },
  { type: "address" },
  { type: "bytes" },
] as const;

/** `keccak256(abi.encode(sourceChainId, destChainId, nonce, sender, target, payload))`. */
export function messageLeaf(message: CrossChainMessage): Hex {
  return keccak256(
    encodeAbiParameters(leafParameters, [
      message.sourceChainId,
      message.destChainId,
      message.nonce,
      message.sender,
      message.target,
      message.payload,
    ]),
  );
}

function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buffer = new Uint8Array(64);
  buffer.set(left, 0);
  buffer.set(right, 32);
  return keccak256(buffer, "bytes");
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
        throw new InvalidArgumentError(`Message at index ${i} has nonce ${m.nonce}: messages must be in nonce order from 0`);
      }
    });
    return MessageTree.fromLeaves(messages.map(messageLeaf));
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
