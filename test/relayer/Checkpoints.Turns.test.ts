import { expect } from "chai";
import { privateKeyToAccount } from "viem/accounts";

import { turnOf } from "../../relayer/src/duties/checkpoints/CheckpointDuty.ts";

describe("Relayer checkpoints: submitters take turns instead of racing", function () {
  const a = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d").address;
  const b = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a").address;
  const c = privateKeyToAccount("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6").address;

  it("every relayer computes the same order for a checkpoint, whatever order it lists the submitters in", function () {
    for (let i = 0; i < 50; i++) {
      const id = `1-199-${i * 1024}-${i * 1024 + 1023}`;
      const turns = [a, b, c].map((self) => turnOf([a, b, c], self, id));
      expect([...turns].sort()).to.deep.equal([0, 1, 2]);
      expect([c, a, b].map((self) => turnOf([c, b, a], self, id))).to.deep.equal([turns[2], turns[0], turns[1]]);
      expect(turnOf([a.toLowerCase() as `0x${string}`, b], a, id), "case-insensitive").to.equal(turnOf([a, b], a, id));
    }
  });

  it("each submitter goes first for about its share of checkpoints; an unlisted account has no turn", function () {
    let first = 0;
    for (let i = 0; i < 400; i++) if (turnOf([a, b], a, `56-199-${i}-${i}`) === 0) first++;
    expect(first).to.be.within(150, 250);
    expect(turnOf([a, b], c, "1-199-0-1")).to.equal(-1);
    expect(turnOf([a], a, "1-199-0-1")).to.equal(0);
  });
});
