import {
  createEvent,
  erasureReasonSchema,
  type ActorId,
  type AnyTakedownEvent,
} from "@takedown/contracts";
import type { Organ } from "@takedown/config";
import { z } from "zod";
import { createIntakeError } from "./errors.js";
import { invalidBodyError } from "./problem-handler.js";
import type { RequestProjection } from "./request-projection.js";

/**
 * The body of POST /v1/requests/{id}/erase. The reason is a code, never free text: it goes into
 * the audit log for ever, and free text could name the very person whose data is erased.
 */
export const erasureBodySchema = z.strictObject({
  reason: erasureReasonSchema.exclude(["retention_expired"]).default("data_subject_request"),
});

export interface ErasureDraftOptions {
  projection: RequestProjection;
  source: string;
  now: () => Date;
}

/**
 * POST /v1/requests/{id}/erase, up to the events: one target.erased per target of the organ's
 * own request not erased yet. Erasing again publishes nothing and answers the same way, so a
 * retry (or a second click) is harmless; the dossier delete that follows the commit is
 * repeated too, which finishes one a failure left half done.
 */
export async function draftErasure(
  options: ErasureDraftOptions,
  call: { organ: Organ; requestId: string; rawBody: unknown; actorId: ActorId | undefined },
): Promise<{ answer: { status: number; body: unknown }; events: AnyTakedownEvent[] }> {
  const parsed = erasureBodySchema.safeParse(call.rawBody ?? {});
  if (!parsed.success) throw invalidBodyError(parsed.error);
  const request = await options.projection.find(call.requestId, call.organ.id);
  if (request === undefined)
    throw createIntakeError("INTAKE_NOT_FOUND", { detail: call.requestId });
  const erasedAt = options.now().toISOString();
  const events = request.targets
    .filter((t) => t.erasedAt === undefined)
    .map((t) =>
      createEvent(
        "target.erased",
        {
          requestId: call.requestId,
          targetId: t.targetId,
          organId: call.organ.id,
          contentKey: t.contentKey,
          cause: "request",
          erasedBy: "organ",
          ...(call.actorId !== undefined && { actorId: call.actorId }),
          reason: parsed.data.reason,
          erasedAt,
        },
        { source: options.source, id: `${t.targetId}/erased`, time: erasedAt },
      ),
    );
  return {
    answer: {
      status: 202,
      body: {
        requestId: call.requestId,
        erasedTargetIds: request.targets.map((t) => t.targetId),
      },
    },
    events,
  };
}
