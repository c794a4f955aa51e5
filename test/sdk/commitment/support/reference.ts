import { createHash } from "node:crypto";

/**
 * A deliberately naive content-tree implementation (node:crypto, whole tree in memory, explicit
 * zero padding to a power of two): the independent reference the SDK's fast builder is checked against.
 */
export function naiveRoot(data: Uint8Array): `0x${string}` {
  const segments = Math.max(1, Math.ceil(data.length / 32));
  let width = 1;
  while (width < segments) width *= 2;
  let layer: Buffer[] = [];
  for (let i = 0; i < width; i++) {
    const leaf = Buffer.alloc(32);
    leaf.set(data.subarray(i * 32, i * 32 + 32));
    layer.push(leaf);
  }
  while (layer.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < layer.length; i += 2) {
      next.push(
        createHash("sha256")
          .update(Buffer.concat([layer[i] as Buffer, layer[i + 1] as Buffer]))
          .digest(),
      );
    }
    layer = next;
  }
  return `0x${(layer[0] as Buffer).toString("hex")}`;
}
