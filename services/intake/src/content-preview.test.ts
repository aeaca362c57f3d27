import { PlatformDirectory, platformRegistrySchema } from "@takedown/config";
import { canonicalizeUrl } from "@takedown/url-canon";
import { describe, expect, it } from "vitest";
import { ContentPreview } from "./content-preview.js";

const directory = new PlatformDirectory(
  platformRegistrySchema.parse({
    platforms: [
      {
        id: "board",
        names: { ja: "掲示板", en: "Board" },
        domains: ["example.jp", "*.example.jp"],
        kafkaUser: "platform-board",
      },
      {
        id: "blog",
        names: { ja: "ブログ", en: "Blog" },
        domains: ["*.blog.example.jp"],
        kafkaUser: "platform-blog",
      },
    ],
  }),
);
const keyOf = (url: string) => {
  const result = canonicalizeUrl(url);
  if (!result.ok) throw new Error(url);
  return result.contentKey;
};

describe("POST /v1/preview", () => {
  it("names the platform routing would pick and asks only about valid URLs, each key once", async () => {
    const asked: string[][] = [];
    const preview = new ContentPreview({
      directory,
      openContentKeys: (keys) => {
        asked.push([...keys]);
        return Promise.resolve(new Set([keyOf("https://a.blog.example.jp/p/1")]));
      },
    });
    const { results } = await preview.preview({
      urls: [
        "https://a.blog.example.jp/p/1?utm_source=x",
        "https://a.blog.example.jp/p/1",
        "https://forum.example.jp/t/2",
        "https://elsewhere.example/3",
        "ftp://example.jp/4",
      ],
    });
    expect(results.map((r) => [r.platformId, r.caseOpen])).toEqual([
      ["blog", true],
      ["blog", true],
      ["board", false],
      [null, false],
      [null, false],
    ]);
    expect(results[4]?.canonicalUrl).toBeNull();
    expect(results[4]?.problem?.title).toMatch(/\S/);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(3);
  });

  it("refuses a body that is not 1–100 URLs, naming the field", async () => {
    const preview = new ContentPreview({
      directory,
      openContentKeys: () => Promise.reject(new Error("must not be asked")),
    });
    await expect(preview.preview({ urls: [] })).rejects.toMatchObject({
      code: "INTAKE_INVALID_BODY",
      details: { errors: [expect.objectContaining({ field: "/urls" })] },
    });
    await expect(preview.preview({ urls: [1] })).rejects.toMatchObject({
      details: { errors: [expect.objectContaining({ field: "/urls/0" })] },
    });
  });
});
