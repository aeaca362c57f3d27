/**
 * Where evidence `sha256:<hex>` is stored in the evidence bucket: the one definition shared by
 * intake, which writes evidence, and routing, which presigns GET URLs for it.
 */
export function evidenceObjectKey(evidenceId: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(evidenceId);
  if (match?.[1] === undefined) throw new RangeError(`not an evidence id: ${evidenceId}`);
  return `sha256/${match[1]}`;
}
