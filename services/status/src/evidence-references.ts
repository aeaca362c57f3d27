/** A request that names an evidence object, and whether its personal data is erased. */
export interface EvidenceReference {
  requestId: string;
  erased: boolean;
}

/**
 * Which of an erased request's evidence ids may be deleted: those no live (not erased) request
 * names. Evidence is stored once per SHA-256, so two requests (of one organ or of two) that
 * uploaded the same file share one object; it goes only with the last of them.
 */
export function evidenceToDelete(
  evidenceIds: Iterable<string>,
  referencesOf: (evidenceId: string) => readonly EvidenceReference[],
): string[] {
  return [...new Set(evidenceIds)].filter((id) => referencesOf(id).every((ref) => ref.erased));
}
