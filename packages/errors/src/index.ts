export { TakedownError, defineErrors, isTakedownError } from "./takedown-error.js";
export type { ErrorCatalog, ErrorDefinition } from "./takedown-error.js";
export { assertNever } from "./assert-never.js";
