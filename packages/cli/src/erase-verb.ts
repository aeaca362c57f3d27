import { createHash } from "node:crypto";
import { hostname, userInfo } from "node:os";
import {
  createEvent,
  encodeEvent,
  erasureReasonSchema,
  operatorIdSchema,
  requestIdSchema,
  topics,
  type AnyTakedownEvent,
  type ErasureReason,
} from "@takedown/contracts";
import { createKafka, loadOperatorKafkaConfig, writeRecords } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { StatusClient, type ErasureTargets } from "@takedown/status";

export interface EraseVerbOptions {
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  print: (line: string) => void;
  requestId: string | undefined;
  reason: string | undefined;
  operatorId: string | undefined;
  now?: () => Date;
}

/** The operator's target.erased events: one per target, naming the operator, never a name. */
export function operatorErasureEvents(
  erasure: ErasureTargets,
  by: { operatorId: string; reason: ErasureReason; now: Date },
): AnyTakedownEvent[] {
  const erasedAt = by.now.toISOString();
  return erasure.targets.map((target) =>
    createEvent(
      "target.erased",
      {
        requestId: erasure.requestId,
        targetId: target.targetId,
        organId: target.organId,
        contentKey: target.contentKey,
        cause: "request",
        erasedBy: "operator",
        operatorId: by.operatorId,
        reason: by.reason,
        erasedAt,
      },
      { source: "/takedown/cli", id: `${target.targetId}/erased`, time: erasedAt },
    ),
  );
}

/** A stable pseudonym of the person at this terminal when no --operator is given. */
function defaultOperatorId(): string {
  const who = `${userInfo().username}@${hostname()}`;
  return `opr_${createHash("sha256").update(who).digest("hex").slice(0, 16)}`;
}

/**
 * `takedown erase --request <id> --reason <code> [--operator opr_…]`: erases a request's personal
 * data as the operator. Publishes target.erased with the cluster admin's credentials (the
 * operator's); the status service's eraser then deletes the dossier and the evidence no live
 * request names within its sweep interval.
 */
export async function runErase(options: EraseVerbOptions): Promise<number> {
  const { env, print } = options;
  const requestId = requestIdSchema.safeParse(options.requestId);
  if (!requestId.success) {
    print("--request must be a request id (req_<ULID>)");
    return 2;
  }
  const reason = erasureReasonSchema.safeParse(options.reason ?? "data_subject_request");
  if (!reason.success || reason.data === "retention_expired") {
    print(
      `--reason must be one of ${erasureReasonSchema.options.filter((r) => r !== "retention_expired").join(", ")} (a code: the audit log keeps it for ever)`,
    );
    return 2;
  }
  const operatorId = options.operatorId ?? env.TAKEDOWN_OPERATOR_ID ?? defaultOperatorId();
  if (!operatorIdSchema.safeParse(operatorId).success) {
    print("--operator must be a pseudonym opr_<6-40 letters or digits>, never a name");
    return 2;
  }
  const status = new StatusClient({
    baseUrl: env.STATUS_URL ?? `http://127.0.0.1:${env.STATUS_PORT ?? "8085"}`,
  });
  let targets: ErasureTargets;
  try {
    targets = await status.erasureTargets(requestId.data);
  } catch (error) {
    print(
      `request ${requestId.data} is unknown to the status service, or it is away: ${String(error)}`,
    );
    return 1;
  }
  const events = operatorErasureEvents(targets, {
    operatorId,
    reason: reason.data,
    now: (options.now ?? (() => new Date()))(),
  });
  const kafka = createKafka({
    ...loadOperatorKafkaConfig(env, "takedown-erase"),
    logger: options.logger,
  });
  await writeRecords(kafka, topics.targets, events.map(encodeEvent));
  print(
    `erased ${requestId.data}: target.erased published for ${events.length} target(s) as ${operatorId}; the status service deletes its dossier and unshared evidence within its sweep interval`,
  );
  return 0;
}
