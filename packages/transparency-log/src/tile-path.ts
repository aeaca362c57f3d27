import { createTransparencyLogError } from "./errors.js";

/** C2SP tlog-tiles uses height 8: each tile holds up to 256 hashes (or entries). */
export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;

/** A hash tile: hashes at tree level 8·level, numbers index·256 … index·256+width-1. */
export interface HashTile {
  readonly kind: "hashes";
  readonly level: number;
  readonly index: bigint;
  /** 1–256; below 256 the tile is partial. */
  readonly width: number;
}

/** An entry bundle: log entries index·256 … index·256+width-1. */
export interface EntryBundleTile {
  readonly kind: "entries";
  readonly index: bigint;
  readonly width: number;
}

export type Tile = HashTile | EntryBundleTile;

/** `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`, N in `x`-prefixed 3-digit groups. */
export function tilePath(tile: Tile): string {
  if (
    tile.index < 0n ||
    !Number.isInteger(tile.width) ||
    tile.width < 1 ||
    tile.width > TILE_WIDTH
  ) {
    throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
      detail: `tile ${tile.index} width ${tile.width}`,
    });
  }
  if (
    tile.kind === "hashes" &&
    !(Number.isInteger(tile.level) && tile.level >= 0 && tile.level <= 63)
  ) {
    throw createTransparencyLogError("TLOG_INVALID_ARGUMENT", {
      detail: `tile level ${tile.level}`,
    });
  }
  const level = tile.kind === "entries" ? "entries" : String(tile.level);
  const partial = tile.width < TILE_WIDTH ? `.p/${tile.width}` : "";
  return `tile/${level}/${encodeTileIndex(tile.index)}${partial}`;
}

export function parseTilePath(path: string): Tile {
  const match =
    /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(
      path,
    );
  const width = match?.[3] === undefined ? TILE_WIDTH : Number(match[3]);
  const level = match?.[1];
  const digits = match?.[2];
  if (
    level === undefined ||
    digits === undefined ||
    (width >= TILE_WIDTH && match?.[3] !== undefined)
  ) {
    throw createTransparencyLogError("TLOG_TILE_PATH_MALFORMED", { detail: path });
  }
  const index = BigInt(digits.replaceAll("x", "").replaceAll("/", ""));
  const tile: Tile =
    level === "entries"
      ? { kind: "entries", index, width }
      : { kind: "hashes", level: Number(level), index, width };
  // Rejects non-canonical spellings such as a leading x000 group or level 64.
  if ((tile.kind === "hashes" && tile.level > 63) || tilePath(tile) !== path) {
    throw createTransparencyLogError("TLOG_TILE_PATH_MALFORMED", { detail: path });
  }
  return tile;
}

function encodeTileIndex(index: bigint): string {
  const groups: string[] = [];
  let rest = index;
  do {
    groups.unshift((rest % 1000n).toString().padStart(3, "0"));
    rest /= 1000n;
  } while (rest > 0n);
  return groups.map((group, i) => (i < groups.length - 1 ? `x${group}` : group)).join("/");
}
