/**
 * Lowercase slug without dots or underscores: platform ids become part of topic names
 * (`takedown.notices.<platformId>.v1`), where a dot would be ambiguous and Kafka warns about
 * mixing `.` and `_`. Organ ids follow the same shape.
 */
const SLUG_SOURCE = "[a-z][a-z0-9]*(?:-[a-z0-9]+)*";

/** The slug, unanchored, for patterns that embed a platform id (topic names). */
export const platformIdSource = SLUG_SOURCE;

export const platformIdPattern = new RegExp(`^${SLUG_SOURCE}$`);
export const PLATFORM_ID_MAX_LENGTH = 48;

export const organIdPattern = new RegExp(`^${SLUG_SOURCE}$`);
export const ORGAN_ID_MAX_LENGTH = 64;

export function isPlatformId(value: string): boolean {
  return value.length <= PLATFORM_ID_MAX_LENGTH && platformIdPattern.test(value);
}
