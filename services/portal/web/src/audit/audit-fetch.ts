import type { ProblemBody } from "../../../src/bff-contract.js";
import { ApiProblem } from "../api.js";

/**
 * A GET of the portal's audit or public routes, as text: checkpoints and leaves are checked on
 * exactly the bytes that came, never on a re-serialized copy.
 */
export async function auditText(path: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  } catch {
    throw new ApiProblem({ status: 503, code: "PORTAL_AUDIT_UNAVAILABLE" });
  }
  const text = await response.text();
  if (!response.ok) {
    let problem: ProblemBody = { status: response.status, code: `HTTP_${response.status}` };
    try {
      const body = JSON.parse(text) as Partial<ProblemBody>;
      problem = { ...body, status: response.status, code: body.code ?? problem.code };
    } catch {
      // Not JSON: the status says enough.
    }
    throw new ApiProblem(problem);
  }
  return text;
}

export async function auditJson<T>(path: string): Promise<T> {
  return JSON.parse(await auditText(path)) as T;
}
