import type { PlatformDirectory } from "@takedown/config";
import { canonicalizeUrl } from "@takedown/url-canon";
import { z } from "zod";
import { isTakedownError } from "@takedown/errors";
import { createIntakeError } from "./errors.js";
import { fieldError } from "./problem-handler.js";
import { jsonPointer } from "./problem-types.js";

export const previewBodySchema = z.strictObject({
  urls: z.array(z.string().max(8192)).min(1).max(100),
});

export interface PreviewResult {
  url: string;
  canonicalUrl: string | null;
  platformId: string | null;
  caseOpen: boolean;
  problem?: { title: string; detail: string };
}

export interface ContentPreviewOptions {
  /** The platform rules routing applies (the same PlatformDirectory over platforms.yaml). */
  directory: PlatformDirectory;
  /** Which content keys have a case that is not over (the status service). */
  openContentKeys: (contentKeys: readonly string[]) => Promise<Set<string>>;
}

/**
 * POST /v1/preview: what would happen to each URL if submitted now. A URL that cannot be
 * submitted gets its problem in place, so one bad line of a pasted list does not hide the
 * others. Whether a case is open says nothing of who opened it.
 */
export class ContentPreview {
  constructor(private readonly options: ContentPreviewOptions) {}

  async preview(rawBody: unknown): Promise<{ results: PreviewResult[] }> {
    const parsed = previewBodySchema.safeParse(rawBody);
    if (!parsed.success)
      throw fieldError(
        "INTAKE_INVALID_BODY",
        parsed.error.issues.map((issue) => ({
          field: jsonPointer(issue.path),
          message: issue.message,
        })),
      );
    const canonical = parsed.data.urls.map((url) => ({ url, result: canonicalizeUrl(url) }));
    const keys = [
      ...new Set(canonical.flatMap(({ result }) => (result.ok ? [result.contentKey] : []))),
    ];
    let open = new Set<string>();
    if (keys.length > 0) {
      try {
        open = await this.options.openContentKeys(keys);
      } catch (error) {
        throw isTakedownError(error) && error.retryable
          ? createIntakeError("INTAKE_STATUS_UNAVAILABLE", { detail: error.message, cause: error })
          : error;
      }
    }
    return {
      results: canonical.map(({ url, result }) => {
        if (!result.ok)
          return {
            url,
            canonicalUrl: null,
            platformId: null,
            caseOpen: false,
            problem: { title: result.reason, detail: result.message },
          };
        const host = new URL(result.canonicalUrl).hostname;
        return {
          url,
          canonicalUrl: result.canonicalUrl,
          platformId: this.options.directory.ownerOf(host)?.id ?? null,
          caseOpen: open.has(result.contentKey),
        };
      }),
    };
  }
}
