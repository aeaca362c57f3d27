/**
 * Where a request's dossier (its personal data) lives in the evidence bucket: the one definition
 * shared by intake, which writes and erases it, and routing, which presigns a platform's part.
 * Everything of one dossier is under one prefix, so erasure is "delete the prefix".
 */
const prefix = (dossierId: string) => `dossiers/${checked(dossierId)}/`;
const sharedPart = (dossierId: string) => `${prefix(dossierId)}shared.json`;
const targetPart = (dossierId: string, targetId: string) =>
  `${prefix(dossierId)}targets/${targetNumber(targetId)}.json`;

export const dossierObjectKeys = {
  prefix,
  /** The whole dossier (organ's contact included): never linked to a platform. */
  dossier: (dossierId: string) => `${prefix(dossierId)}dossier.json`,
  /** The HMAC key of the dossier's commitment; erased with it. */
  secret: (dossierId: string) => `${prefix(dossierId)}secret`,
  /** What the platform of a target without a note is shown. */
  sharedPart,
  /** What the platform hosting target `req_…#n` is shown when the organ wrote a note on it. */
  targetPart,
  /** The part a target's platform is linked to. */
  partOf: (dossier: { dossierId: string; ownPart?: boolean | undefined }, targetId: string) =>
    dossier.ownPart === true
      ? targetPart(dossier.dossierId, targetId)
      : sharedPart(dossier.dossierId),
};

function checked(dossierId: string): string {
  if (!/^dos_[0-9A-HJKMNP-TV-Z]{26}$/.test(dossierId))
    throw new RangeError(`not a dossier id: ${dossierId}`);
  return dossierId;
}

function targetNumber(targetId: string): string {
  const match = /#([1-9][0-9]?|100)$/.exec(targetId);
  if (match?.[1] === undefined) throw new RangeError(`not a target id: ${targetId}`);
  return match[1];
}
