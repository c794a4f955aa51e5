import { CommitmentError } from "./errors.ts";
import { SEGMENT_SIZE, zeroHash } from "./geometry.ts";
import { hashPairs } from "./hasher.ts";

/**
 * Reusable ping-pong buffers for hashing a subtree level by level without allocating per call
 * (allocation dominates at hashtree's speed).
 */
export class Scratch {
  private a = new Uint8Array(0);
  private b = new Uint8Array(0);
  private c = new Uint8Array(0);

  /** Three buffers: `input` holds a zero-padded copy of the leaves, `x` and `y` alternate as layers. */
  buffers(inputBytes: number): { input: Uint8Array; x: Uint8Array; y: Uint8Array } {
    const layerBytes = Math.ceil(inputBytes / 64) * 32 + 32;
    if (this.a.length < inputBytes) this.a = new Uint8Array(inputBytes);
    if (this.b.length < layerBytes) this.b = new Uint8Array(layerBytes);
    if (this.c.length < layerBytes) this.c = new Uint8Array(layerBytes);
    return { input: this.a, x: this.b, y: this.c };
  }
}

const defaultScratch = new Scratch();

/** Called with each layer's real nodes (no padding) when `captureLevel` is reached. */
export type LayerSink = (nodes: Uint8Array) => void;

/**
 * Root of the `level`-level subtree over `data` (at most 2^level segments): the last segment
 * is zero-padded to 32 bytes and missing segments are zero, i.e. a missing right subtree of
 * level l is `zeroHash(l)`. Optionally hands the real nodes of layer `captureLevel` to `sink`.
 */
export function subtreeRoot(
  data: Uint8Array,
  level: number,
  capture?: { level: number; sink: LayerSink },
  scratch: Scratch = defaultScratch,
): Uint8Array {
  const segments = Math.ceil(data.length / SEGMENT_SIZE);
  if (segments > 2 ** level) {
    throw new CommitmentError("Data does not fit in a subtree of this level", {
      details: { bytes: data.length, level, maxBytes: 2 ** level * SEGMENT_SIZE },
    });
  }
  if (segments === 0) {
    const root = zeroHash(level).slice();
    if (capture?.level === level) capture.sink(new Uint8Array(0));
    return root;
  }
  let count = segments;
  // Level 0: the zero-padded segments, plus a zero segment if the count is odd.
  const padded = level > 0 && count % 2 === 1 ? count + 1 : count;
  const bufs = scratch.buffers(padded * SEGMENT_SIZE);
  let current: Uint8Array;
  if (data.length === padded * SEGMENT_SIZE) {
    current = data;
  } else {
    current = bufs.input.subarray(0, padded * SEGMENT_SIZE);
    current.set(data);
    current.fill(0, data.length);
  }
  if (capture?.level === 0) capture.sink(current.subarray(0, count * SEGMENT_SIZE));
  let out = bufs.x;
  let spare = bufs.y;
  for (let l = 0; l < level; l++) {
    const pairs = Math.ceil(count / 2);
    // An odd count was padded with zeroHash(l) when this layer was written (below).
    hashPairs(current.subarray(0, pairs * 64), out.subarray(0, pairs * 32));
    count = pairs;
    if (capture?.level === l + 1) capture.sink(out.subarray(0, count * 32));
    if (l + 1 < level && count % 2 === 1) out.set(zeroHash(l + 1), count * 32);
    current = out;
    [out, spare] = [spare, out];
  }
  return current.slice(0, 32);
}

/**
 * Every layer of the `depth`-level tree over `data`, layer 0 being `data` as 32-byte nodes (the
 * last one zero-padded). The nodes of layer 0 sit at tree level `baseLevel` (0 for segments, the
 * piece level for piece roots). Layers with an odd node count carry one extra zero-subtree node
 * so that every sibling exists.
 */
export function buildLayers(data: Uint8Array, depth: number, baseLevel = 0): Uint8Array[] {
  let count = Math.ceil(data.length / SEGMENT_SIZE);
  const padded = depth > 0 && count % 2 === 1 ? count + 1 : count;
  const leaves = new Uint8Array(padded * SEGMENT_SIZE);
  leaves.set(data);
  if (padded > count) leaves.set(zeroHash(baseLevel), count * SEGMENT_SIZE);
  const layers = [leaves];
  for (let l = 0; l < depth; l++) {
    const pairs = Math.ceil(count / 2);
    const extra = l + 1 < depth && pairs % 2 === 1 ? 1 : 0;
    const next = new Uint8Array((pairs + extra) * 32);
    hashPairs((layers[l] as Uint8Array).subarray(0, pairs * 64), next.subarray(0, pairs * 32));
    if (extra) next.set(zeroHash(baseLevel + l + 1), pairs * 32);
    layers.push(next);
    count = pairs;
  }
  return layers;
}
