import { expect } from "chai";

/** The package's entry points (sdk/package.json exports), each imported as a dapp would. */
const subpaths = [
  "index",
  "commitment",
  "messages",
  "staking",
  "deployments",
  "storage",
  "payments",
  "bridge",
  "p2p",
  "tron",
  "chains",
  "client",
  "ethers",
  "governance",
];

/** Issue 16, item 6: one name means one thing across every subpath. */
describe("sdk: export names do not collide across subpaths", () => {
  it("no name is exported with two different meanings", async () => {
    const owners = new Map<string, Map<unknown, string[]>>();
    for (const subpath of subpaths) {
      const module = (await import(`../../sdk/src/${subpath === "index" ? "" : `${subpath}/`}index.ts`)) as Record<
        string,
        unknown
      >;
      for (const [name, value] of Object.entries(module)) {
        const byValue = owners.get(name) ?? new Map<unknown, string[]>();
        byValue.set(value, [...(byValue.get(value) ?? []), subpath]);
        owners.set(name, byValue);
      }
    }
    const collisions = [...owners]
      .filter(([name, byValue]) => byValue.size > 1)
      .map(([name, byValue]) => `${name}: ${[...byValue.values()].map((s) => s.join("+")).join(" vs ")}`);
    expect(collisions).to.deep.equal([]);
  });
});
