import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode, hotp, matchTotp, totp, type TotpAlgorithm } from "./totp.js";

// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to each hash's key length.
const seeds: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from("12345678901234567890"),
  sha256: Buffer.from("12345678901234567890123456789012"),
  sha512: Buffer.from("1234567890123456789012345678901234567890123456789012345678901234"),
};
const vectors: [number, string, TotpAlgorithm][] = [
  [59, "94287082", "sha1"],
  [59, "46119246", "sha256"],
  [59, "90693936", "sha512"],
  [1111111109, "07081804", "sha1"],
  [1111111109, "68084774", "sha256"],
  [1111111109, "25091201", "sha512"],
  [1111111111, "14050471", "sha1"],
  [1111111111, "67062674", "sha256"],
  [1111111111, "99943326", "sha512"],
  [1234567890, "89005924", "sha1"],
  [1234567890, "91819424", "sha256"],
  [1234567890, "93441116", "sha512"],
  [2000000000, "69279037", "sha1"],
  [2000000000, "90698825", "sha256"],
  [2000000000, "38618901", "sha512"],
  [20000000000, "65353130", "sha1"],
  [20000000000, "77737706", "sha256"],
  [20000000000, "47863826", "sha512"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(vectors)("at %i s gives %s with %s", (seconds, code, algorithm) => {
    expect(totp(seeds[algorithm], new Date(seconds * 1000), { digits: 8, algorithm })).toBe(code);
  });

  it("matches RFC 4226 Appendix D's HOTP values", () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676"];
    expected.forEach((code, counter) => expect(hotp(seeds.sha1, BigInt(counter))).toBe(code));
  });

  it("accepts one step of drift either side and nothing further", () => {
    const key = seeds.sha1;
    const at = new Date(1_700_000_000_000);
    const code = totp(key, at);
    expect(matchTotp(key, code, new Date(at.getTime() + 30_000))).toBeDefined();
    expect(matchTotp(key, code, new Date(at.getTime() - 30_000))).toBeDefined();
    expect(matchTotp(key, code, new Date(at.getTime() + 95_000))).toBeUndefined();
    expect(matchTotp(key, "12a456", at)).toBeUndefined();
  });

  it("round-trips base32 (RFC 4648 test vector)", () => {
    expect(base32Encode(Buffer.from("foobar"))).toBe("MZXW6YTBOI");
    expect(base32Decode("MZXW 6YTB OI======").toString()).toBe("foobar");
  });
});
