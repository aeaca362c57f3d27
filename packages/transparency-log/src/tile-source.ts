/**
 * Read access to a published tlog-tiles tree (S3 bucket, static host, in-memory map): the bytes at
 * a path such as `tile/0/x001/234` or `checkpoint`, or undefined when nothing is there.
 */
export interface TileSource {
  read(path: string): Promise<Uint8Array | undefined>;
}
