import { expect } from "chai";
import { encryptKeystoreJsonSync } from "ethers";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

import { decryptKeystoreJson, KeystoreError } from "../../../sdk/src/index.ts";

/** The v3 keystore decoder the storage host and the relayer share. */
describe("sdk: decryptKeystoreJson", function () {
  const key = generatePrivateKey();
  const json = encryptKeystoreJsonSync({ address: privateKeyToAccount(key).address, privateKey: key }, "pw", {
    scrypt: { N: 1 << 10 },
  });

  it("returns the private key of a scrypt keystore for its password", function () {
    expect(decryptKeystoreJson(json, "pw")).to.equal(key);
  });

  it("says which fault it is (reason) for bad inputs", function () {
    // ethers writes `Crypto`, geth `crypto`: both are read.
    const { Crypto, ...rest } = JSON.parse(json) as { Crypto: Record<string, unknown> };
    const withCrypto = (change: Record<string, unknown>) =>
      JSON.stringify({ ...rest, crypto: { ...Crypto, ...change } });
    const cases: [string, string, string][] = [
      [json, "wrong", "password"],
      [withCrypto({}), "wrong", "password"],
      ["not json", "pw", "format"],
      [withCrypto({ cipher: "aes-256-gcm" }), "pw", "format"],
      [withCrypto({ kdf: "argon2" }), "pw", "kdf"],
    ];
    for (const [input, password, reason] of cases) {
      let caught: unknown;
      try {
        decryptKeystoreJson(input, password);
      } catch (error) {
        caught = error;
      }
      expect(caught, reason).to.be.instanceOf(KeystoreError);
      expect((caught as KeystoreError).reason).to.equal(reason);
    }
  });
});
