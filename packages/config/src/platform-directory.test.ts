import { describe, expect, test } from "vitest";
import { platformRegistrySchema } from "./platform-registry.js";
import { PlatformDirectory } from "./platform-directory.js";

const registry = platformRegistrySchema.parse({
  platforms: [
    {
      id: "board",
      names: { ja: "掲示板", en: "Board" },
      domains: ["example.jp", "*.example.jp"],
      kafkaUser: "platform-board",
    },
    {
      id: "blogs",
      names: { ja: "ブログ", en: "Blogs" },
      domains: ["*.blog.example.jp"],
      kafkaUser: "platform-blogs",
    },
    {
      id: "shop",
      names: { ja: "店", en: "Shop" },
      domains: ["shop.blog.example.jp"],
      kafkaUser: "platform-shop",
    },
  ],
});
const directory = new PlatformDirectory(registry);

describe("PlatformDirectory.ownerOf", () => {
  test("an exact domain beats every wildcard that also matches", () => {
    expect(directory.ownerOf("shop.blog.example.jp")?.id).toBe("shop");
  });

  test("the longest wildcard suffix wins", () => {
    expect(directory.ownerOf("alice.blog.example.jp")?.id).toBe("blogs");
    expect(directory.ownerOf("a.b.blog.example.jp")?.id).toBe("blogs");
    expect(directory.ownerOf("news.example.jp")?.id).toBe("board");
  });

  test("the longest wildcard wins whatever order the registry lists them in", () => {
    const platforms = Array.from({ length: 500 }, (_, i) => ({
      id: `p${i}`,
      names: { ja: `p${i}`, en: `p${i}` },
      domains: [`*.${"x.".repeat(i % 5)}site${i}.jp`],
      kafkaUser: `platform-p${i}`,
    }));
    const deepFirst = [
      ...platforms,
      {
        id: "deep",
        names: { ja: "d", en: "d" },
        domains: ["*.a.b.c.jp"],
        kafkaUser: "platform-deep",
      },
      {
        id: "shallow",
        names: { ja: "s", en: "s" },
        domains: ["*.c.jp"],
        kafkaUser: "platform-shallow",
      },
    ];
    for (const list of [deepFirst, [...deepFirst].reverse()]) {
      const many = new PlatformDirectory(platformRegistrySchema.parse({ platforms: list }));
      expect(many.ownerOf("z.a.b.c.jp")?.id).toBe("deep");
      expect(many.ownerOf("a.b.c.jp")?.id).toBe("shallow");
      expect(many.ownerOf("w.x.x.x.site3.jp")?.id).toBe("p3");
      expect(many.ownerOf("x.x.x.site3.jp")).toBeUndefined();
    }
  });

  test("a wildcard covers subdomains only, not the apex or look-alike hosts", () => {
    expect(directory.ownerOf("blog.example.jp")?.id).toBe("board");
    expect(directory.ownerOf("badexample.jp")).toBeUndefined();
    expect(directory.ownerOf("example.jp.evil.com")).toBeUndefined();
  });

  test("hosts are matched case-insensitively and without a trailing dot", () => {
    expect(directory.ownerOf("EXAMPLE.jp.")?.id).toBe("board");
  });

  test("the shipped example registry maps typical Japanese-market hosts", async () => {
    const { readFile } = await import("node:fs/promises");
    const { parseConfigFile } = await import("@takedown/config");
    const text = await readFile(new URL("../../../config/platforms.yaml", import.meta.url), "utf8");
    const shipped = new PlatformDirectory(parseConfigFile("platforms.yaml", text));
    expect(shipped.ownerOf("x.com")?.id).toBe("x");
    expect(shipped.ownerOf("mobile.twitter.com")?.id).toBe("x");
    expect(shipped.ownerOf("www.youtube.com")?.id).toBe("google");
    expect(shipped.ownerOf("egg.5ch.net")?.id).toBe("fivech");
    expect(shipped.ownerOf("detail.chiebukuro.yahoo.co.jp")?.id).toBe("line-yahoo");
    expect(shipped.ownerOf("example.com")).toBeUndefined();
  });
});
