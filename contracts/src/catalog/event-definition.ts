import type { z } from "zod";

/**
 * How the Kafka key of a record relates to its data. `content-key`: the key must equal
 * `data.contentKey` (and any case id in the data must embed it). `original-key`: the DLQ keeps
 * the key of the record it rejects. `none`: the single-partition audit log has no key.
 */
export type EventKeying = "content-key" | "original-key" | "none";

export interface EventDefinition<
  Type extends string = string,
  Major extends number = number,
  Schema extends z.ZodType = z.ZodType,
> {
  /** Short name of SPEC §3, e.g. `target.submitted`. */
  readonly type: Type;
  readonly major: Major;
  /** `jp.takedown.<type>.v<major>`: both the CloudEvents `ce_type` and the schema id. */
  readonly id: `jp.takedown.${Type}.v${Major}`;
  readonly description: string;
  readonly schema: Schema;
  readonly keying: EventKeying;
  /** The Kafka key a record with this data must carry (null when unkeyed). */
  readonly keyOf: (data: z.output<Schema>) => string | null;
  /** Default `ce_subject`: the most specific id the event is about. */
  readonly subjectOf: (data: z.output<Schema>) => string | undefined;
  /** The case id named by the data, checked against the record key. */
  readonly caseIdOf: (data: z.output<Schema>) => string | undefined;
}

/** Declares one event type at one major version; registers the schema under its stable id. */
export function defineEvent<
  const Type extends string,
  const Major extends number,
  Schema extends z.ZodType,
>(spec: {
  type: Type;
  major: Major;
  description: string;
  schema: Schema;
  keying: EventKeying;
  keyOf: (data: z.output<Schema>) => string | null;
  subjectOf: (data: z.output<Schema>) => string | undefined;
  caseIdOf?: (data: z.output<Schema>) => string | undefined;
}): EventDefinition<Type, Major, Schema> {
  const id = `jp.takedown.${spec.type}.v${spec.major}` as const;
  return {
    type: spec.type,
    major: spec.major,
    id,
    description: spec.description,
    schema: spec.schema.meta({ id, title: id, description: spec.description }),
    keying: spec.keying,
    keyOf: spec.keyOf,
    subjectOf: spec.subjectOf,
    caseIdOf: spec.caseIdOf ?? (() => undefined),
  };
}
