import { expect } from "chai";
import { network } from "hardhat";
import { createPublicClient, custom } from "viem";
import {
  bitTorrent,
  bsc,
  bscTestnet as viemBscTestnet,
  mainnet,
  sepolia as viemSepolia,
  tron as viemTron,
  tronNile,
  tronShasta,
} from "viem/chains";

import { localChains } from "../../deploy/chains.ts";
import { publicNetworks, tronNetworks } from "../../deploy/networks.ts";
import {
  bnb,
  bscTestnet,
  bttc,
  bttcDonau,
  chainById,
  devnetChain,
  devnetChains,
  ethereum,
  getNetwork,
  networkByChainId,
  networkNames,
  networks,
  nile,
  sepolia,
  shasta,
  tron,
} from "../../sdk/src/chains/index.ts";
import { InvalidArgumentError } from "../../sdk/src/index.ts";

/** The one chain table (DESIGN section 2), built on viem/chains. */
describe("sdk/chains: one chain table", () => {
  it("reuses viem's chain objects where viem defines the chain", () => {
    expect(bttc).to.equal(bitTorrent);
    expect(tron).to.equal(viemTron);
    expect(nile).to.equal(tronNile);
    expect(shasta).to.equal(tronShasta);
    expect(ethereum).to.equal(mainnet);
    expect(sepolia).to.equal(viemSepolia);
    expect(bnb).to.equal(bsc);
    expect(bscTestnet).to.equal(viemBscTestnet);
  });

  it("has DESIGN section 2's chain ids, BTTC Donau (1029) among them", () => {
    const ids = Object.fromEntries(networks.map((n) => [n.name, n.chainId]));
    expect(ids).to.deep.equal({
      bttc: 199,
      tron: 728126428,
      ethereum: 1,
      bnb: 56,
      bttcDonau: 1029,
      nile: 3448148188,
      shasta: 2494104990,
      sepolia: 11155111,
      bscTestnet: 97,
    });
    expect(bttcDonau.id).to.equal(1029);
    expect(bttcDonau.testnet).to.equal(true);
    expect(networks.map((n) => n.name)).to.have.members([...networkNames]);
    expect(networks.filter((n) => n.stakingHome).map((n) => n.name)).to.deep.equal(["tron", "nile", "shasta"]);
    expect(networks.filter((n) => n.kind === "tron").map((n) => n.name)).to.deep.equal(["tron", "nile", "shasta"]);
  });

  it("looks chains up by id (number or bigint) and by name; unknown names are typed errors", () => {
    expect(chainById(1029)).to.equal(bttcDonau);
    expect(chainById(199n)).to.equal(bttc);
    expect(chainById(12345)).to.equal(undefined);
    expect(networkByChainId(3448148188n)?.name).to.equal("nile");
    expect(getNetwork("sepolia").child).to.equal("bttcDonau");
    expect(() => getNetwork("donau")).to.throw(InvalidArgumentError, /Unknown network "donau"/);
    expect(() => devnetChain("nile" as never)).to.throw(InvalidArgumentError);
  });

  it("is the table deploy/ uses (local stand-ins, public testnets, TRON networks)", () => {
    for (const chain of localChains) expect(getNetwork(chain.network).chainId).to.equal(chain.chainId);
    expect(localChains.map((c) => c.network)).to.deep.equal(Object.keys(devnetChains));
    for (const net of publicNetworks) {
      expect(getNetwork(net.network).chainId).to.equal(net.chainId);
      expect(net.explorer).to.equal(getNetwork(net.network).chain.blockExplorers?.default.url);
    }
    expect(publicNetworks.map((n) => n.network)).to.include("bttcDonau");
    for (const net of tronNetworks) expect(networkByChainId(net.chainId)?.kind).to.equal("tron");
  });

  it("each devnet chain definition matches the simulated chain of that name", async () => {
    for (const name of Object.keys(devnetChains) as (keyof typeof devnetChains)[]) {
      const { provider } = await network.create({ network: name });
      const client = createPublicClient({ chain: devnetChains[name], transport: custom(provider) });
      expect(await client.getChainId(), name).to.equal(devnetChains[name].id);
    }
    expect(devnetChain("bnb", "http://127.0.0.1:9999").rpcUrls.default.http).to.deep.equal(["http://127.0.0.1:9999"]);
    expect(devnetChains.bttc.rpcUrls.default.http).to.deep.equal(["http://127.0.0.1:8545"]);
  });
});
