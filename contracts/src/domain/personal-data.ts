import { z } from "zod";

/**
 * Personal data lives only under a `personal` key, always optional, so that
 * `redactPersonalData` can drop every such key and the result still validates.
 */
export const contactSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  email: z.string().max(320).optional(),
  phone: z.string().max(40).optional(),
  organizationUnit: z.string().max(200).optional(),
});
export type Contact = z.infer<typeof contactSchema>;

/** The person whose rights are affected; the platform needs it to assess defamation or privacy. */
export const victimSchema = z.object({
  name: z.string().min(1).max(200).optional(),
  nameKana: z.string().max(200).optional(),
  description: z.string().max(5000).optional(),
});
export type Victim = z.infer<typeof victimSchema>;

export const personalDataSchema = z
  .object({ contact: contactSchema.optional(), victim: victimSchema.optional() })
  .meta({ description: "PERSONAL DATA: dropped by redactPersonalData; never in reports or logs." });
export type PersonalData = z.infer<typeof personalDataSchema>;

/** The key under which every schema keeps personal data. */
export const PERSONAL_DATA_KEY = "personal";
