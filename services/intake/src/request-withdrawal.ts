import { createEvent, type AnyTakedownEvent } from "@takedown/contracts";
import type { Organ } from "@takedown/config";
import { z } from "zod";
import { createIntakeError } from "./errors.js";
import { invalidBodyError } from "./problem-handler.js";
import type { RequestProjection } from "./request-projection.js";

export const withdrawalBodySchema = z.strictObject({
  reason: z.string().min(1).max(10_000).optional(),
});

export interface WithdrawalDraftOptions {
  projection: RequestProjection;
  source: string;
  now: () => Date;
}

/**
 * POST /v1/requests/{id}/withdraw, up to the events: one target.withdrawn per target of the
 * organ's own request not withdrawn yet; a request with none left is refused.
 */
export async function draftWithdrawal(
  options: WithdrawalDraftOptions,
  call: { organ: Organ; requestId: string; rawBody: unknown },
): Promise<{ answer: { status: number; body: unknown }; events: AnyTakedownEvent[] }> {
  const { organ, requestId } = call;
  const parsed = withdrawalBodySchema.safeParse(call.rawBody ?? {});
  if (!parsed.success) throw invalidBodyError(parsed.error);
  const request = await options.projection.find(requestId, organ.id);
  if (request === undefined) throw createIntakeError("INTAKE_NOT_FOUND", { detail: requestId });
  const open = request.targets.filter((t) => !t.withdrawn);
  if (open.length === 0) throw createIntakeError("INTAKE_ALREADY_WITHDRAWN", { detail: requestId });
  const withdrawnAt = options.now().toISOString();
  const events = open.map((t) =>
    createEvent(
      "target.withdrawn",
      {
        requestId,
        targetId: t.targetId,
        organId: organ.id,
        canonicalUrl: t.canonicalUrl,
        contentKey: t.contentKey,
        ...(parsed.data.reason !== undefined && { reason: parsed.data.reason }),
        withdrawnAt,
      },
      { source: options.source, id: `${t.targetId}/withdrawn`, time: withdrawnAt },
    ),
  );
  return {
    answer: { status: 202, body: { requestId, withdrawnTargetIds: open.map((t) => t.targetId) } },
    events,
  };
}
