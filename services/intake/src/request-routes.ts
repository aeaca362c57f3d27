import type { FastifyInstance, FastifyReply } from "fastify";
import { requestIdSchema } from "@takedown/contracts";
import { createIntakeError } from "./errors.js";
import type { KafkaSide } from "./kafka-side.js";
import type { LoadShedder } from "./load-shedder.js";
import { fieldError } from "./problem-handler.js";
import type { IntakeAnswer, RequestIntake } from "./request-intake.js";
import type { RequestProjection } from "./request-projection.js";

export interface RequestRoutesOptions {
  intake: RequestIntake;
  projection: RequestProjection;
  kafkaSide: KafkaSide;
  /** Bounds the POSTs that validate and publish; reads are answered from memory. */
  shedder: LoadShedder;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !IDEMPOTENCY_KEY.test(value)) {
    throw fieldError("INTAKE_IDEMPOTENCY_KEY_INVALID", [
      { field: "Idempotency-Key", message: "1–255 visible ASCII characters" },
    ]);
  }
  return value;
}

function send(reply: FastifyReply, answer: IntakeAnswer): FastifyReply {
  if (answer.location !== undefined) reply.header("location", answer.location);
  return reply.code(answer.status).send(answer.body);
}

/** SPEC §4 request routes; all of them need the Kafka side (publishing or the projection). */
export function requestRoutes(options: RequestRoutesOptions) {
  return (app: FastifyInstance): void => {
    app.addHook("preHandler", (_request, _reply, done) => {
      done(
        options.kafkaSide.ready
          ? undefined
          : createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { detail: "not connected yet" }),
      );
    });

    app.post("/v1/requests", async (request, reply) => {
      const key = idempotencyKeyOf(request.headers["idempotency-key"]);
      const answer = await options.shedder.admit((admission) =>
        options.intake.submit(request.organ, request.body, key, admission),
      );
      request.log.info(
        { requestId: (answer.body as { requestId?: string }).requestId },
        "accepted",
      );
      return send(reply, answer);
    });

    app.get<{ Params: { requestId: string } }>("/v1/requests/:requestId", (request) => {
      const { requestId } = request.params;
      const view = requestIdSchema.safeParse(requestId).success
        ? options.projection.find(requestId, request.organ.id)
        : undefined;
      // Another organ's request is "not found": its existence is not ours to reveal.
      if (view === undefined) throw createIntakeError("INTAKE_NOT_FOUND", { detail: requestId });
      return options.projection.status(view);
    });

    app.post<{ Params: { requestId: string } }>(
      "/v1/requests/:requestId/withdraw",
      async (request, reply) => {
        const key = idempotencyKeyOf(request.headers["idempotency-key"]);
        const { requestId } = request.params;
        if (!requestIdSchema.safeParse(requestId).success)
          throw createIntakeError("INTAKE_NOT_FOUND", { detail: requestId });
        const answer = await options.shedder.admit((admission) =>
          options.intake.withdraw(request.organ, requestId, request.body, {
            idempotencyKey: key,
            admission,
          }),
        );
        return send(reply, answer);
      },
    );
  };
}
