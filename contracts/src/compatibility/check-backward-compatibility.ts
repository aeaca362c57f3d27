/**
 * Structural BACKWARD compatibility of two JSON Schemas (draft-07, as zod emits them): is every
 * value the released schema accepted still accepted by the current one? Run against every
 * released snapshot of a major version, that is BACKWARD_TRANSITIVE. The check is conservative:
 * a change it cannot prove harmless (a new pattern, an unknown keyword) is reported.
 */
export interface CompatibilityIssue {
  /** Where in the data, as a JSON pointer with `*` for array items and map values. */
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

type Schema = boolean | Readonly<Record<string, unknown>>;
interface Side {
  readonly schema: Schema;
  readonly root: Schema;
}

/** Keywords that say nothing about which values are accepted. */
const ANNOTATIONS = new Set([
  "$schema",
  "$id",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "definitions",
  "$defs",
  "deprecated",
  "readOnly",
  "writeOnly",
  "id",
]);
/** Keywords this checker compares; any other constraining keyword must stay identical. */
const HANDLED = new Set([
  "type",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "$ref",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minProperties",
  "maxProperties",
]);

const asObject = (schema: Schema): Readonly<Record<string, unknown>> =>
  typeof schema === "boolean" ? (schema ? {} : { not: {} }) : schema;

function resolve(side: Side): Side {
  let schema = side.schema;
  for (let depth = 0; depth < 32; depth++) {
    const ref = asObject(schema).$ref;
    if (typeof ref !== "string") return { schema, root: side.root };
    if (!ref.startsWith("#")) throw new Error(`only local $ref is supported: ${ref}`);
    let target: unknown = side.root;
    for (const part of ref
      .slice(1)
      .split("/")
      .filter((p) => p !== "")) {
      target = (target as Record<string, unknown> | undefined)?.[
        part.replace(/~1/g, "/").replace(/~0/g, "~")
      ];
    }
    if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
    schema = target as Schema;
  }
  throw new Error("$ref chain too deep");
}

const isUnconstrained = (schema: Schema): boolean =>
  Object.keys(asObject(schema)).every((key) => ANNOTATIONS.has(key));

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function branches(schema: Readonly<Record<string, unknown>>): readonly Schema[] | undefined {
  const union = schema.anyOf ?? schema.oneOf;
  return Array.isArray(union) ? (union as Schema[]) : undefined;
}

function valuesOf(schema: Readonly<Record<string, unknown>>): readonly unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum as unknown[];
  return "const" in schema ? [schema.const] : undefined;
}

function typesOf(schema: Readonly<Record<string, unknown>>): readonly string[] | undefined {
  const type = schema.type;
  if (typeof type === "string") return [type];
  return Array.isArray(type) ? (type as string[]) : undefined;
}

function compare(oldSide: Side, newSide: Side, path: string, issues: CompatibilityIssue[]): void {
  const o = resolve(oldSide);
  const n = resolve(newSide);
  const issue = (rule: string, message: string) =>
    issues.push({ path: path || "/", rule, message });
  if (isUnconstrained(n.schema)) return;
  if (isUnconstrained(o.schema)) {
    issue("narrowed", "any value was accepted, now constrained");
    return;
  }
  const os = asObject(o.schema);
  const ns = asObject(n.schema);

  const oldBranches = branches(os);
  const newBranches = branches(ns);
  if (oldBranches !== undefined || newBranches !== undefined) {
    for (const oldBranch of oldBranches ?? [o.schema]) {
      let best: CompatibilityIssue[] | undefined;
      for (const newBranch of newBranches ?? [n.schema]) {
        const found: CompatibilityIssue[] = [];
        compare(
          { schema: oldBranch, root: o.root },
          { schema: newBranch, root: n.root },
          path,
          found,
        );
        if (best === undefined || found.length < best.length) best = found;
        if (found.length === 0) break;
      }
      if (best !== undefined) issues.push(...best);
    }
    return;
  }

  const oldValues = valuesOf(os);
  const newValues = valuesOf(ns);
  if (newValues !== undefined) {
    if (oldValues === undefined) issue("enum-added", "the value is now restricted to an enum");
    else {
      for (const value of oldValues) {
        if (!newValues.some((v) => same(v, value)))
          issue("enum-value-removed", `${JSON.stringify(value)} is no longer accepted`);
      }
    }
  }

  const oldTypes = typesOf(os);
  const newTypes = typesOf(ns);
  if (newTypes !== undefined) {
    if (oldTypes === undefined && oldValues === undefined)
      issue("type-added", `now restricted to ${newTypes.join("|")}`);
    for (const type of oldTypes ?? []) {
      if (!newTypes.includes(type) && !(type === "integer" && newTypes.includes("number"))) {
        issue("type-narrowed", `${type} is no longer accepted (now ${newTypes.join("|")})`);
      }
    }
  }

  const sub = (key: string, childPath: string) => {
    if (ns[key] === undefined) return;
    const oldSchema = (os[key] ?? true) as Schema;
    compare(
      { schema: oldSchema, root: o.root },
      { schema: ns[key] as Schema, root: n.root },
      childPath,
      issues,
    );
  };
  const bound = (key: string, tighter: (o: number, n: number) => boolean) => {
    const ov = os[key];
    const nv = ns[key];
    if (typeof nv !== "number") return;
    if (typeof ov !== "number" || tighter(ov, nv))
      issue(`${key}-tightened`, `${key} ${String(ov)} → ${nv}`);
  };
  for (const key of Object.keys(ns)) {
    if (!ANNOTATIONS.has(key) && !HANDLED.has(key) && !same(ns[key], os[key])) {
      issue("unsupported-keyword", `${key} changed; the checker cannot prove it harmless`);
    }
  }

  // A keyword constrains only values of its own type: check it only where the old schema let
  // such values through (when none of the old types survives, the type issue says it all).
  const oldAccepts = (...types: string[]) =>
    oldTypes === undefined || types.some((t) => oldTypes.includes(t));
  if (oldAccepts("string")) {
    bound("minLength", (a, b) => b > a);
    bound("maxLength", (a, b) => b < a);
    for (const key of ["pattern", "format"]) {
      if (ns[key] !== undefined && ns[key] !== os[key]) {
        issue(`${key}-changed`, `${key} ${JSON.stringify(os[key])} → ${JSON.stringify(ns[key])}`);
      }
    }
  }
  if (oldAccepts("number", "integer")) {
    bound("minimum", (a, b) => b > a);
    bound("exclusiveMinimum", (a, b) => b > a);
    bound("maximum", (a, b) => b < a);
    bound("exclusiveMaximum", (a, b) => b < a);
    bound("multipleOf", (a, b) => a % b !== 0);
  }
  if (oldAccepts("array")) {
    bound("minItems", (a, b) => b > a);
    bound("maxItems", (a, b) => b < a);
    if (ns.uniqueItems === true && os.uniqueItems !== true)
      issue("uniqueItems-added", "items must now be unique");
    sub("items", `${path}/*`);
  }
  if (!oldAccepts("object")) return;
  bound("minProperties", (a, b) => b > a);
  bound("maxProperties", (a, b) => b < a);
  sub("propertyNames", `${path}/(key)`);

  const oldRequired = new Set((os.required as string[] | undefined) ?? []);
  for (const name of (ns.required as string[] | undefined) ?? []) {
    if (!oldRequired.has(name)) issue("required-added", `field ${name} is now required`);
  }
  const oldProperties = (os.properties ?? {}) as Record<string, Schema>;
  const newProperties = (ns.properties ?? {}) as Record<string, Schema>;
  const additional = ns.additionalProperties;
  for (const [name, oldProperty] of Object.entries(oldProperties)) {
    const newProperty = newProperties[name];
    const childPath = `${path}/${name}`;
    if (newProperty !== undefined)
      compare(
        { schema: oldProperty, root: o.root },
        { schema: newProperty, root: n.root },
        childPath,
        issues,
      );
    else if (additional === false)
      issue("field-removed", `field ${name} is refused by the closed object`);
    else if (additional !== undefined && additional !== true) {
      compare(
        { schema: oldProperty, root: o.root },
        { schema: additional as Schema, root: n.root },
        childPath,
        issues,
      );
    }
  }
  if (additional !== undefined && additional !== true) {
    const oldAdditional = os.additionalProperties;
    if (additional === false && oldAdditional !== false)
      issue("closed", "unknown fields are now refused");
    else if (additional !== false) {
      compare(
        { schema: (oldAdditional ?? true) as Schema, root: o.root },
        { schema: additional as Schema, root: n.root },
        `${path}/*`,
        issues,
      );
    }
  }
}

export function checkBackwardCompatibility(
  released: unknown,
  current: unknown,
): CompatibilityIssue[] {
  const issues: CompatibilityIssue[] = [];
  const oldRoot = released as Schema;
  const newRoot = current as Schema;
  compare({ schema: oldRoot, root: oldRoot }, { schema: newRoot, root: newRoot }, "", issues);
  return issues;
}
