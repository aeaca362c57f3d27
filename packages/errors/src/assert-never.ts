/** Makes a switch over a union exhaustive: adding a member without a branch fails to compile. */
export function assertNever(value: never, what = "value"): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
