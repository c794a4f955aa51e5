import { expect } from "chai";
import { getAddress } from "viem";

import { toEvmAddress, InvalidAddressError } from "../../sdk/src/bridge/index.ts";
import { commitBytes, ContentTree, verifySegment } from "../../sdk/src/commitment/index.ts";
import { assertManifestChain, type DeploymentManifest } from "../../sdk/src/deployments/index.ts";
import { InvalidArgumentError } from "../../sdk/src/index.ts";

/** Issue 16, item 3: small inputs that were silently accepted. */
describe("sdk: small inputs that must be refused", () => {
  it("verifySegment refuses the last segment against a size one byte short", () => {
    const data = new Uint8Array(40).map((_, i) => i + 1);
    const commitment = commitBytes(data);
    const proof = ContentTree.fromBytes(data).proveSegment(1n);
    expect(verifySegment(commitment, proof)).to.equal(true);
    expect(verifySegment({ root: commitment.root, size: 39n }, proof)).to.equal(false);
    // Content that really ends in a zero byte has a zero in the padding position: still refused one byte shorter only if non-zero.
    const zeroTail = new Uint8Array(40).fill(9);
    zeroTail[39] = 0;
    const zc = commitBytes(zeroTail);
    expect(verifySegment({ root: zc.root, size: 40n }, ContentTree.fromBytes(zeroTail).proveSegment(1n))).to.equal(
      true,
    );
  });

  it("toEvmAddress refuses a wrong EIP-55 checksum, accepts the right one and all-lowercase", () => {
    const good = getAddress("0xa614f803b6fd780986a42c78ec9c7f77e6ded13c");
    expect(toEvmAddress(good)).to.equal(good);
    expect(toEvmAddress(good.toLowerCase())).to.equal(good);
    const flipped = good.replace(/[a-f]/, (c) => c.toUpperCase());
    expect(flipped).to.not.equal(good);
    expect(() => toEvmAddress(flipped)).to.throw(InvalidAddressError, /EIP-55 checksum/);
  });

  it("assertManifestChain refuses a chain id given as a string", () => {
    const manifest = { network: "bttc", chainId: 199 } as DeploymentManifest;
    expect(() => assertManifestChain(manifest, "199" as never)).to.throw(InvalidArgumentError, /positive integer/);
    expect(() => assertManifestChain(manifest, 1.5)).to.throw(InvalidArgumentError);
    expect(() => assertManifestChain(manifest, 199n)).to.not.throw();
    expect(() => assertManifestChain(manifest, 199)).to.not.throw();
  });
});
