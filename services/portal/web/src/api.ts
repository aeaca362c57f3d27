import type { ProblemBody, SessionInfo } from "../../src/bff-contract.js";

/** A refused or failed call, with the problem as the server described it. */
export class ApiProblem extends Error {
  constructor(readonly problem: ProblemBody) {
    super(problem.code);
  }
}

let csrfToken = "";
let onSignedOut: (problem: ProblemBody) => void = () => undefined;

export function useSession(session: SessionInfo | undefined): void {
  csrfToken = session?.csrfToken ?? "";
}

export function whenSignedOut(handler: (problem: ProblemBody) => void): void {
  onSignedOut = handler;
}

async function problemOf(response: Response): Promise<ProblemBody> {
  try {
    const body = (await response.json()) as ProblemBody;
    return { ...body, status: response.status, code: body.code ?? `HTTP_${response.status}` };
  } catch {
    return { status: response.status, code: `HTTP_${response.status}` };
  }
}

export interface CallOptions {
  method?: "GET" | "POST";
  body?: unknown;
  idempotencyKey?: string;
}

/** One BFF call; a network failure is the same "intake unavailable" the BFF reports. */
export async function api<T>(path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.method === "POST") headers["x-csrf-token"] = csrfToken;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.idempotencyKey !== undefined) headers["idempotency-key"] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      credentials: "same-origin",
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    throw new ApiProblem({ status: 503, code: "PORTAL_INTAKE_UNAVAILABLE" });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (problem.code === "PORTAL_NOT_SIGNED_IN" || problem.code === "PORTAL_SESSION_EXPIRED")
      onSignedOut(problem);
    throw new ApiProblem(problem);
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** An upload with progress (fetch reports none for request bodies). */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
): Promise<{ evidenceId: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/evidence");
    xhr.setRequestHeader("x-csrf-token", csrfToken);
    xhr.setRequestHeader("content-type", file.type === "" ? "application/octet-stream" : file.type);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiProblem({ status: 503, code: "PORTAL_INTAKE_UNAVAILABLE" }));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body as { evidenceId: string });
      } else {
        const problem = { ...(body as ProblemBody), status: xhr.status };
        reject(new ApiProblem({ ...problem, code: problem.code ?? `HTTP_${xhr.status}` }));
      }
    };
    xhr.send(file);
  });
}

/** SHA-256 of a file in the browser (WebCrypto), as intake names evidence. */
export async function evidenceIdOf(file: File): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  return `sha256:${hex}`;
}
