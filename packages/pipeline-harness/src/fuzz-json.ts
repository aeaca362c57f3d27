import type { SeededRandom } from "./seeded-random.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Strings that have broken parsers, validators and URL canonicalizers before. */
const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "\udfff\ud800",
  "\u202e\u202d",
  "\ufeff",
  "💥🧨",
  "ｆｕｌｌｗｉｄｔｈ",
  "名誉毀損",
  "__proto__",
  "constructor",
  "toString",
  "null",
  "NaN",
  "-0",
  "1e309",
  "${jndi:ldap://x}",
  "<script>alert(1)</script>",
  "'; DROP TABLE cases; --",
  "\r\n\r\nHTTP/1.1 200 OK",
  "%00%ff%zz",
  "../../../../etc/passwd",
];

/** URLs that a canonicalizer must refuse or canonicalize, never choke on. */
export const NASTY_URLS = [
  "javascript:alert(1)",
  "HTTPS://X.COM/Fuzz",
  "https://x.com:99999/",
  "https://x.com:0/",
  "https://x.com:/a",
  "https://[::1]/",
  "https://[fe80::1%25eth0]/",
  "http://127.0.0.1/",
  "https://0x7f.1/",
  "https://1.1.1.1.1/",
  "https://xn--/",
  "https://xn--zz-zzzzzz.com/",
  "https://ｘ.com/ａ",
  "https://x.com/%zz%",
  "https://user:pass@x.com/",
  "//x.com/a",
  "https://x.com\\@evil.example/",
  " https://x.com/trailing ",
  "https://x.com/\u0000nul",
  "https://x..com/",
  "https://-x.com/",
  "https://x.com./a",
  "file:///etc/passwd",
  "https://例え.jp/パス?クエリ=値#断片",
  "https://💥.com/",
  "https://x.com/#only-fragment",
  "https://x.com/?a=1&a=2&&=&a",
  "data:text/html,<b>x</b>",
  "https://x.com/" + "a".repeat(5000),
  "https://" + "a.".repeat(200) + "x.com/",
  "https://t.co/" + "%2e%2e/".repeat(20),
  "https://www.youtube.com/watch?v=" + "\ud800",
  "https://twitter.com/i/web/status/1?s=20&t=x",
  "urn:isbn:0451450523",
  "https:x.com",
  "https:/x.com/",
  "https://x.com/\t\n",
];

/** A random JSON value, at most `depth` levels deep. */
export function randomJson(random: SeededRandom, depth = 4): Json {
  const roll = random.int(depth <= 0 ? 4 : 6);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick([0, -0, 1, -1, 1e308, -1e-308, 2 ** 53 + 1, 0.1, 100, 101, 1e21]);
    case 3:
      return randomString(random);
    case 4:
      return Array.from({ length: random.int(5) }, () => randomJson(random, depth - 1));
    default: {
      const result: { [key: string]: Json } = {};
      for (let i = random.int(5); i > 0; i--)
        result[random.chance(0.3) ? random.pick(NASTY_STRINGS) : randomString(random, 12)] =
          randomJson(random, depth - 1);
      return result;
    }
  }
}

export function randomString(random: SeededRandom, maxLength = 40): string {
  if (random.chance(0.3)) return random.pick(NASTY_STRINGS);
  let text = "";
  for (let i = random.int(maxLength + 1); i > 0; i--) {
    const roll = random.int(10);
    // Mostly ASCII, some BMP (Japanese), some astral and lone surrogates.
    const code =
      roll < 6
        ? random.between(0x20, 0x7e)
        : roll < 8
          ? random.between(0x3040, 0x9fff)
          : roll < 9
            ? random.between(0xd800, 0xdfff)
            : random.between(0, 0x1f);
    text += String.fromCharCode(code);
  }
  return text;
}

/** A JSON text nested `depth` levels, arrays or objects, sometimes left open. */
export function deeplyNested(random: SeededRandom, depth: number): string {
  const object = random.chance(0.5);
  const open = object ? '{"a":' : "[";
  const close = object ? "}" : "]";
  const inner = random.pick(['"x"', "1", "null", "{}", "[]"]);
  return open.repeat(depth) + inner + (random.chance(0.9) ? close.repeat(depth) : "");
}

/** A copy of a JSON object with one structural change at a random place. */
export function mutateValue(random: SeededRandom, value: Json): Json {
  if (value === null || typeof value !== "object" || random.chance(0.15))
    return random.chance(0.5) ? randomJson(random, 2) : randomString(random);
  if (Array.isArray(value)) {
    const copy = [...value];
    const roll = random.int(4);
    if (roll === 0 || copy.length === 0) copy.push(randomJson(random, 2));
    else if (roll === 1) copy.splice(random.int(copy.length), 1);
    else if (roll === 2) {
      const index = random.int(copy.length);
      copy[index] = mutateValue(random, copy[index] ?? null);
    } else {
      const item = copy[0] ?? null;
      for (let i = random.between(100, 400); i > 0; i--) copy.push(item);
    }
    return copy;
  }
  const copy = { ...value };
  const keys = Object.keys(copy);
  const roll = random.int(5);
  if (roll === 0 && keys.length > 0) delete copy[random.pick(keys)];
  else if (roll === 1)
    copy[random.chance(0.5) ? random.pick(NASTY_STRINGS) : "extra"] = randomJson(random, 2);
  else if (keys.length > 0) {
    const key = random.pick(keys);
    copy[key] = mutateValue(random, copy[key] ?? null);
  }
  return copy;
}

/** A byte-level change to a JSON text: truncation, a flipped or inserted byte, trailing junk. */
export function mutateText(random: SeededRandom, text: Buffer): Buffer {
  const at = random.int(Math.max(1, text.length));
  switch (random.int(7)) {
    case 0:
      return text.subarray(0, at);
    case 1: {
      const copy = Buffer.from(text);
      copy[at] = random.int(256);
      return copy;
    }
    case 2:
      return Buffer.concat([
        text.subarray(0, at),
        random.bytes(random.between(1, 8)),
        text.subarray(at),
      ]);
    case 3:
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]);
    case 4:
      return Buffer.concat([
        text,
        Buffer.from(random.pick([",", "}", " garbage", "\u0000", "{}"])),
      ]);
    case 5:
      // A key given twice: which one wins must not matter to anything but the schema.
      return Buffer.from(text.toString("latin1").replace("{", '{"category":"spam",'), "latin1");
    default:
      return Buffer.from(text.toString("latin1").replace(/,$|,(?=[}\]])/, ""), "latin1").subarray(
        0,
        text.length - 1,
      );
  }
}

export type { Json };
