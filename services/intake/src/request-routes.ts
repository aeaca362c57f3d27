import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import { requestIdSchema } from "@takedown/contracts";
import { actorIdOf } from "./actor-header.js";
import { createIntakeError } from "./errors.js";
import type { KafkaSide } from "./kafka-side.js";
import type { Admission, LoadShedder } from "./load-shedder.js";
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

/** SPEC §4 request routes; all of them need the Kafka side (publishing, or own events shown). */
export function requestRoutes(options: RequestRoutesOptions) {
  const admissions = new WeakMap<FastifyRequest, Admission>();
  // After authentication, before the body is read: a shed request costs next to nothing.
  const admit: onRequestHookHandler = (request, reply, done) => {
    let admission: Admission;
    try {
      admission = options.shedder.enter();
    } catch (error) {
      done(error as Error);
      return;
    }
    admissions.set(request, admission);
    // "close" comes when the answer is sent or the client has gone, whichever is first; a client
    // that left while it was being authenticated is gone already, and its "close" has passed.
    if (request.raw.socket.destroyed) admission.end();
    else reply.raw.once("close", () => admission.end());
    done();
  };
  /** The request's admission, holding its place until the work settles too. */
  const admitted = <T>(request: FastifyRequest, work: (admission: Admission) => Promise<T>) => {
    const admission = admissions.get(request);
    if (admission === undefined) throw new Error("request was not admitted");
    const running = work(admission);
    admission.keepUntil(running);
    return running;
  };

  return (app: FastifyInstance): void => {
    app.addHook("preHandler", (_request, _reply, done) => {
      done(
        options.kafkaSide.ready
          ? undefined
          : createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { detail: "not connected yet" }),
      );
    });

    app.post("/v1/requests", { onRequest: admit }, async (request, reply) => {
      const key = idempotencyKeyOf(request.headers["idempotency-key"]);
      const actorId = actorIdOf(request.headers["takedown-actor"]);
      const answer = await admitted(request, (admission) =>
        options.intake.submit(request.organ, request.body, {
          idempotencyKey: key,
          admission,
          ...(actorId !== undefined && { actorId }),
        }),
      );
      request.log.info(
        { requestId: (answer.body as { requestId?: string }).requestId },
        "accepted",
      );
      return send(reply, answer);
    });

    app.get<{ Params: { requestId: string } }>("/v1/requests/:requestId", async (request) => {
      const { requestId } = request.params;
      const status = requestIdSchema.safeParse(requestId).success
        ? await options.projection.status(requestId, request.organ.id)
        : undefined;
      // Another organ's request is "not found": its existence is not ours to reveal.
      if (status === undefined) throw createIntakeError("INTAKE_NOT_FOUND", { detail: requestId });
      return status;
    });

    app.get<{ Params: { requestId: string } }>(
      "/v1/requests/:requestId/history",
      async (request) => {
        const { requestId } = request.params;
        const history = requestIdSchema.safeParse(requestId).success
          ? await options.projection.history(requestId, request.organ.id)
          : undefined;
        if (history === undefined)
          throw createIntakeError("INTAKE_NOT_FOUND", { detail: requestId });
        return history;
      },
    );

    app.post<{ Params: { requestId: string } }>(
      "/v1/requests/:requestId/withdraw",
      { onRequest: admit },
      async (request, reply) => {
        const key = idempotencyKeyOf(request.headers["idempotency-key"]);
        const { requestId } = request.params;
        if (!requestIdSchema.safeParse(requestId).success)
          throw createIntakeError("INTAKE_NOT_FOUND", { detail: requestId });
        const answer = await admitted(request, (admission) =>
          options.intake.withdraw(request.organ, requestId, request.body, {
            idempotencyKey: key,
            admission,
          }),
        );
        return send(reply, answer);
      },
    );

    app.post<{ Params: { requestId: string } }>(
      "/v1/requests/:requestId/erase",
      { onRequest: admit },
      async (request, reply) => {
        const key = idempotencyKeyOf(request.headers["idempotency-key"]);
        const actorId = actorIdOf(request.headers["takedown-actor"]);
        const { requestId } = request.params;
        if (!requestIdSchema.safeParse(requestId).success)
          throw createIntakeError("INTAKE_NOT_FOUND", { detail: requestId });
        const answer = await admitted(request, (admission) =>
          options.intake.erase(request.organ, requestId, request.body, {
            idempotencyKey: key,
            admission,
            ...(actorId !== undefined && { actorId }),
          }),
        );
        request.log.info({ requestId }, "erased");
        return send(reply, answer);
      },
    );

    app.post<{ Params: { requestId: string } }>(
      "/v1/requests/:requestId/answers",
      { onRequest: admit },
      async (request, reply) => {
        const key = idempotencyKeyOf(request.headers["idempotency-key"]);
        const actorId = actorIdOf(request.headers["takedown-actor"]);
        const { requestId } = request.params;
        if (!requestIdSchema.safeParse(requestId).success)
          throw createIntakeError("INTAKE_NOT_FOUND", { detail: requestId });
        const answer = await admitted(request, (admission) =>
          options.intake.answer(request.organ, requestId, request.body, {
            idempotencyKey: key,
            admission,
            ...(actorId !== undefined && { actorId }),
          }),
        );
        request.log.info(
          { requestId, answerId: (answer.body as { answerId?: string }).answerId },
          "answered",
        );
        return send(reply, answer);
      },
    );
  };
}
