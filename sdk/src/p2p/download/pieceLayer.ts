import { ContentTree, verifyPieceRoot, type Commitment, type PieceGeometry } from "../../commitment/index.ts";
import { FEATURE_PIECE_LAYER, LAYER_CHUNK } from "../constants.ts";
import { ProtocolError } from "../errors.ts";
import { encodeLayerRequest } from "../messages.ts";
import type { Peer } from "./peer.ts";

/**
 * Fetches the piece layer (32 bytes per piece) from one peer at a time and checks it against the
 * content root once complete. `layer` is set when it verified.
 */
export class PieceLayerFetch {
  private readonly commitment: Commitment;
  private readonly geometry: PieceGeometry;
  /** The verified piece layer. */
  layer: Uint8Array | undefined;
  private buf: Uint8Array | undefined;
  private from: Peer | undefined;
  private askedAt = 0;
  private starts = new Set<number>();
  /** Peers that timed out or sent a bad layer: never asked again. */
  private readonly failed = new Set<Peer>();

  constructor(commitment: Commitment, geometry: PieceGeometry) {
    this.commitment = commitment;
    this.geometry = geometry;
  }

  /** The peer the layer is being fetched from, if any. */
  get source(): Peer | undefined {
    return this.from;
  }

  /** Asks the first ready peer that serves the layer, unless it is known or being fetched. */
  request(peers: readonly Peer[]): void {
    if (this.layer !== undefined || this.from !== undefined) return;
    const peer = peers.find((p) => this.canServe(p));
    if (peer === undefined) return;
    this.from = peer;
    this.askedAt = performance.now();
    this.buf = new Uint8Array(this.geometry.count * 32);
    this.starts = new Set();
    for (let start = 0; start < this.geometry.count; start += LAYER_CHUNK) {
      const count = Math.min(LAYER_CHUNK, this.geometry.count - start);
      this.starts.add(start);
      peer.conn.send(encodeLayerRequest(start, count));
    }
  }

  /** `peer` is connected, serves piece layers and has not failed to deliver one. */
  canServe(peer: Peer): boolean {
    return (
      peer.conn.ready &&
      !peer.closed &&
      !this.failed.has(peer) &&
      peer.hello !== undefined &&
      (peer.hello.features & FEATURE_PIECE_LAYER) !== 0
    );
  }

  /**
   * If the peer asked has not delivered within `timeoutMs`, passes it over (it is never asked
   * again) and asks the next one. Returns the peer passed over, if any.
   */
  checkTimeout(peers: readonly Peer[], timeoutMs: number): Peer | undefined {
    const from = this.from;
    if (this.layer !== undefined || from === undefined || performance.now() - this.askedAt <= timeoutMs)
      return undefined;
    this.failed.add(from);
    this.from = undefined;
    this.request(peers);
    return from;
  }

  /** `peer` will not deliver (closed): forget it so that `request` asks another. */
  forget(peer: Peer): void {
    if (this.from === peer) this.from = undefined;
  }

  /**
   * One `layer` message. Throws `ProtocolError` if unsolicited or malformed. Returns `"done"` once
   * the whole layer arrived and verified, `"bad"` if it does not lead to the root (the caller bans
   * the peer), `"more"` while chunks are missing.
   */
  onLayer(peer: Peer, start: number, roots: Uint8Array): "more" | "done" | "bad" {
    if (this.failed.has(peer) && peer !== this.from) return "more"; // too late: another peer was asked
    const expected = Math.min(LAYER_CHUNK, this.geometry.count - start) * 32;
    if (peer !== this.from || !this.starts.delete(start) || roots.length !== expected) {
      throw new ProtocolError("Unsolicited or malformed piece layer", { details: { start, bytes: roots.length } });
    }
    (this.buf as Uint8Array).set(roots, start * 32);
    if (this.starts.size > 0) return "more";
    const layerBytes = this.buf as Uint8Array;
    this.buf = undefined;
    const tree = new ContentTree(this.commitment, this.geometry.pieceSize, layerBytes);
    // The proof of piece 0 is computed from the announced layer: it leads to the root only if
    // every piece root in the layer is right.
    if (!verifyPieceRoot(this.commitment, tree.provePiece(0), tree.pieceRoot(0))) {
      this.from = undefined;
      this.failed.add(peer);
      return "bad";
    }
    this.layer = layerBytes;
    return "done";
  }
}

/** True if `root` equals entry `piece` of the piece layer. */
export function rootMatches(layer: Uint8Array, piece: number, root: Uint8Array): boolean {
  if (root.length !== 32) return false;
  const at = piece * 32;
  for (let i = 0; i < 32; i++) if (layer[at + i] !== root[i]) return false;
  return true;
}
