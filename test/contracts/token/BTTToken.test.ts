import { expect } from "chai";
import { network } from "hardhat";

describe("BTTToken (test networks)", () => {
  async function deploy() {
    const { ethers } = await network.create();
    const [owner, alice, bob] = await ethers.getSigners();
    if (owner === undefined || alice === undefined || bob === undefined) throw new Error("accounts");
    const token = await ethers.deployContract("BTTToken", [owner.address]);
    return { ethers, token, owner, alice, bob };
  }

  it("is an 18-decimal ERC-20 named BTT", async () => {
    const { token } = await deploy();
    expect(await token.decimals()).to.equal(18n);
    expect(await token.symbol()).to.equal("BTT");
    expect(await token.totalSupply()).to.equal(0n);
  });

  it("the owner mints; anyone else is refused", async () => {
    const { token, alice } = await deploy();
    await token.mint(alice.address, 5n * 10n ** 18n);
    expect(await token.balanceOf(alice.address)).to.equal(5n * 10n ** 18n);
    await expect(token.connect(alice).mint(alice.address, 1n))
      .to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount")
      .withArgs(alice.address);
  });

  it("rejects a mint of zero or to the zero address", async () => {
    const { token, alice, ethers } = await deploy();
    await expect(token.mint(alice.address, 0n))
      .to.be.revertedWithCustomError(token, "BTTTokenInvalidMint")
      .withArgs(alice.address, 0n);
    await expect(token.mint(ethers.ZeroAddress, 1n))
      .to.be.revertedWithCustomError(token, "BTTTokenInvalidMint")
      .withArgs(ethers.ZeroAddress, 1n);
  });

  it("ownership moves in two steps", async () => {
    const { token, owner, alice } = await deploy();
    await token.transferOwnership(alice.address);
    expect(await token.owner()).to.equal(owner.address);
    await token.connect(alice).acceptOwnership();
    expect(await token.owner()).to.equal(alice.address);
    await expect(token.mint(alice.address, 1n)).to.be.revertedWithCustomError(token, "OwnableUnauthorizedAccount");
  });

  it("EIP-2612 permit sets an allowance from a signature, once", async () => {
    const { token, alice, bob, ethers } = await deploy();
    const value = 10n ** 18n;
    const deadline = 2n ** 40n;
    const { chainId } = await ethers.provider.getNetwork();
    const domain = {
      name: "BitTorrent Test Token",
      version: "1",
      chainId,
      verifyingContract: await token.getAddress(),
    };
    const types = {
      Permit: [
        { name: "owner", type: "address" },
        { name: "spender", type: "address" },
        { name: "value", type: "uint256" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    };
    const message = { owner: alice.address, spender: bob.address, value, nonce: 0n, deadline };
    const sig = ethers.Signature.from(await alice.signTypedData(domain, types, message));
    await token.connect(bob).permit(alice.address, bob.address, value, deadline, sig.v, sig.r, sig.s);
    expect(await token.allowance(alice.address, bob.address)).to.equal(value);
    expect(await token.nonces(alice.address)).to.equal(1n);
    await expect(
      token.connect(bob).permit(alice.address, bob.address, value, deadline, sig.v, sig.r, sig.s),
    ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
  });
});
