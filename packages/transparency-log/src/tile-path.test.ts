import { describe, expect, it } from "vitest";
import { parseTilePath, tilePath } from "./tile-path.js";
import type { Tile } from "./tile-path.js";

describe("tile paths", () => {
  const cases: [Tile, string][] = [
    [{ kind: "hashes", level: 0, index: 0n, width: 256 }, "tile/0/000"],
    [{ kind: "hashes", level: 1, index: 1234067n, width: 256 }, "tile/1/x001/x234/067"],
    [{ kind: "hashes", level: 3, index: 1234067n, width: 1 }, "tile/3/x001/x234/067.p/1"],
    [{ kind: "hashes", level: 0, index: 1000n, width: 255 }, "tile/0/x001/000.p/255"],
    [{ kind: "entries", index: 999n, width: 256 }, "tile/entries/999"],
    [
      { kind: "entries", index: 2n ** 64n, width: 7 },
      "tile/entries/x018/x446/x744/x073/x709/x551/616.p/7",
    ],
  ];

  it("encode N in x-prefixed 3-digit groups with .p/W for partial tiles", () => {
    for (const [tile, path] of cases) expect(tilePath(tile)).toBe(path);
  });

  it("parse back to the same tile", () => {
    for (const [tile, path] of cases) expect(parseTilePath(path)).toEqual(tile);
  });

  it("reject non-canonical or malformed paths", () => {
    const bad = [
      "tile/0/x000/067",
      "tile/0/67",
      "tile/0/067.p/256",
      "tile/0/067.p/0",
      "tile/0/067.p/007",
      "tile/64/000",
      "tile/01/000",
      "tile/data/000",
      "tile/0/x001",
      "tile/0/000/",
    ];
    for (const path of bad) {
      expect(() => parseTilePath(path), path).toThrow(
        expect.objectContaining({ code: "TLOG_TILE_PATH_MALFORMED" }),
      );
    }
  });

  it("refuse to encode impossible tiles", () => {
    expect(() => tilePath({ kind: "hashes", level: 0, index: 0n, width: 257 })).toThrow(
      expect.objectContaining({ code: "TLOG_INVALID_ARGUMENT" }),
    );
  });
});
