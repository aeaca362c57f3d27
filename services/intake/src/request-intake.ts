import { dossierIdOf, encodeEvent, randomPool, type AnyTakedownEvent } from "@takedown/contracts";
import type { Organ } from "@takedown/config";
import { isTakedownError } from "@takedown/errors";
import type { OutputRecord } from "@takedown/kafka";
import { monotonicFactory } from "ulid";
import { fingerprintOf } from "./canonical-json.js";
import type { DossierStore } from "./dossier-store.js";
import { createIntakeError } from "./errors.js";
import type { EventPublisher } from "./event-publisher.js";
import type { EvidenceStore } from "./evidence-store.js";
import type { IdempotencyStore, RememberedAnswer } from "./idempotency-store.js";
import type { Admission } from "./load-shedder.js";
import { draftNeedsInfoAnswer } from "./needs-info-answer.js";
import { draftErasure } from "./request-erasure.js";
import { fieldError } from "./problem-handler.js";
import type { RequestProjection } from "./request-projection.js";
import { draftSubmission } from "./request-submission.js";
import { draftWithdrawal } from "./request-withdrawal.js";

export const EVENT_SOURCE = "/takedown/intake";

export interface IntakeAnswer {
  status: number;
  body: unknown;
  location?: string;
}

/** One POST as the idempotency logic sees it. */
interface IntakeCall {
  organ: Organ;
  route: string;
  rawBody: unknown;
  key: string | undefined;
  admission: Admission;
}

export interface RequestIntakeOptions {
  targetsTopic: string;
  publisher: EventPublisher;
  evidence: EvidenceStore;
  /** Where each request's personal data goes instead of the events. */
  dossiers: DossierStore;
  idempotency: IdempotencyStore;
  projection: RequestProjection;
  now: () => Date;
  /** A publish committed after its request's deadline (its client was answered 503). */
  onLateCommit?: () => void;
  /** The dossier delete after an erasure failed; the status service's eraser retries it. */
  onDossierEraseFailed?: (requestId: string, error: unknown) => void;
}

/**
 * POST /v1/requests and /withdraw: checks, then publishes every record of one call in one
 * transaction (with its Idempotency-Key answer), and only then answers.
 */
export class RequestIntake {
  // ulid's default draws each random character with its own getRandomValues call.
  private readonly ulid = monotonicFactory(() => randomPool.fraction());

  constructor(private readonly options: RequestIntakeOptions) {}

  async submit(
    organ: Organ,
    rawBody: unknown,
    options: { idempotencyKey: string | undefined; admission: Admission; actorId?: string },
  ): Promise<IntakeAnswer> {
    const { idempotencyKey, admission, actorId } = options;
    const call = { organ, route: "POST /v1/requests", rawBody, key: idempotencyKey, admission };
    return this.idempotent(call, () =>
      draftSubmission(
        {
          evidence: this.options.evidence,
          dossiers: this.options.dossiers,
          source: EVENT_SOURCE,
          newRequestId: () => `req_${this.ulid()}`,
          now: this.options.now,
        },
        { organ, rawBody, actorId, admission },
      ),
    );
  }

  async withdraw(
    organ: Organ,
    requestId: string,
    rawBody: unknown,
    options: { idempotencyKey: string | undefined; admission: Admission },
  ): Promise<IntakeAnswer> {
    const call = {
      organ,
      route: `POST /v1/requests/${requestId}/withdraw`,
      rawBody: rawBody ?? {},
      key: options.idempotencyKey,
      admission: options.admission,
    };
    return this.idempotent(call, () =>
      draftWithdrawal(
        { projection: this.options.projection, source: EVENT_SOURCE, now: this.options.now },
        { organ, requestId, rawBody },
      ),
    );
  }

  /** POST /v1/requests/{id}/answers: the organ answers a platform's needs_info. */
  async answer(
    organ: Organ,
    requestId: string,
    rawBody: unknown,
    options: { idempotencyKey: string | undefined; admission: Admission; actorId?: string },
  ): Promise<IntakeAnswer> {
    const call = {
      organ,
      route: `POST /v1/requests/${requestId}/answers`,
      rawBody,
      key: options.idempotencyKey,
      admission: options.admission,
    };
    return this.idempotent(call, () =>
      options.admission.within(
        draftNeedsInfoAnswer(
          {
            projection: this.options.projection,
            evidence: this.options.evidence,
            source: EVENT_SOURCE,
            newAnswerId: () => `ans_${this.ulid()}`,
            now: this.options.now,
          },
          { organ, requestId, rawBody, actorId: options.actorId },
        ),
        "the status or evidence store did not answer in time; nothing was published",
      ),
    );
  }

  /**
   * POST /v1/requests/{id}/erase: publishes target.erased, then deletes the dossier (the secret
   * first) before answering; the status service's eraser deletes the evidence no live request
   * names, and finishes the dossier if this delete failed.
   */
  async erase(
    organ: Organ,
    requestId: string,
    rawBody: unknown,
    options: { idempotencyKey: string | undefined; admission: Admission; actorId?: string },
  ): Promise<IntakeAnswer> {
    const call = {
      organ,
      route: `POST /v1/requests/${requestId}/erase`,
      rawBody: rawBody ?? {},
      key: options.idempotencyKey,
      admission: options.admission,
    };
    const answer = await this.idempotent(call, async () => ({
      ...(await options.admission.within(
        draftErasure(
          { projection: this.options.projection, source: EVENT_SOURCE, now: this.options.now },
          { organ, requestId, rawBody, actorId: options.actorId },
        ),
        "the status service did not answer in time; nothing was published",
      )),
    }));
    await options.admission
      .within(this.options.dossiers.erase(dossierIdOf(requestId)), "dossier delete pending")
      .catch((error: unknown) => this.options.onDossierEraseFailed?.(requestId, error));
    return answer;
  }

  private async idempotent(
    call: IntakeCall,
    prepare: () => Promise<{
      answer: IntakeAnswer;
      events: AnyTakedownEvent[];
      /** Undoes side effects of prepare (a written dossier) when nothing gets published. */
      abandon?: () => Promise<unknown>;
    }>,
  ): Promise<IntakeAnswer> {
    const { organ, key, admission } = call;
    const publish = async (
      keep?: (handedOn: Promise<unknown>) => void,
      remembered?: (answer: IntakeAnswer) => RememberedAnswer,
    ) => {
      const { answer, events, abandon } = await prepare();
      const undo = () => void abandon?.().catch(() => undefined);
      const records: OutputRecord[] = events.map((event) => ({
        topic: this.options.targetsTopic,
        ...encodeEvent(event),
      }));
      const memory = remembered?.(answer);
      if (memory !== undefined) records.push(this.options.idempotency.recordOf(memory));
      // Nothing new to say (erasing an erased request): answer as the first time did.
      if (records.length === 0) return answer;
      // Past the deadline the client has its 503 already: records handed over now could be
      // published after it, unannounced.
      try {
        admission.throwIfExpired("nothing was published");
      } catch (error) {
        undo();
        throw error;
      }
      const committed = this.options.publisher
        .publish(records, () => {
          if (memory !== undefined) this.options.idempotency.remember(memory);
          for (const event of events) this.options.projection.applyOwn(event);
          if (admission.expired) this.options.onLateCommit?.();
        })
        .catch((error: unknown) => {
          // Only a commit that failed for sure takes the dossier back; an unconfirmed one may
          // have committed, and the key's next use first reads the changelog to find out.
          if (isTakedownError(error) && error.code === "INTAKE_COMMIT_UNCERTAIN") {
            if (key !== undefined) this.options.idempotency.markUncertain(organ.id, key);
          } else undo();
          throw error;
        });
      admission.keepUntil(committed);
      keep?.(committed);
      await admission.within(
        committed,
        key === undefined
          ? "the commit was not confirmed in time and may still happen; without an Idempotency-Key a retry may publish the request twice"
          : "the commit was not confirmed in time and may still happen; a retry with the same Idempotency-Key gets the first answer",
      );
      return answer;
    };
    if (key === undefined) return publish();

    const fingerprint = fingerprintOf(call.route, call.rawBody);
    const store = this.options.idempotency;
    const waitForEarlier = (earlier: Promise<void>) =>
      admission.within(
        earlier,
        "an earlier request with this Idempotency-Key is still being published; nothing new was published",
      );
    return store.exclusive(organ.id, key, waitForEarlier, async (keep) => {
      if (store.isUncertain(organ.id, key)) {
        // The transaction is ended first (its id renewed), so the read shows whether it committed.
        await admission.within(
          this.options.publisher
            .settle()
            .then(() => store.catchUp())
            // Both read the broker: while it is away the retry gets a 503 and stays uncertain.
            .catch((error: unknown) => {
              throw isTakedownError(error)
                ? error
                : createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { cause: error });
            }),
          "whether an earlier request with this Idempotency-Key was published is still being checked; nothing new was published",
        );
        store.clearUncertain(organ.id, key);
      }
      const earlier = store.find(organ.id, key);
      if (earlier !== undefined) {
        if (earlier.fingerprint !== fingerprint) {
          throw fieldError("INTAKE_IDEMPOTENCY_KEY_REUSED", [
            { field: "Idempotency-Key", message: "already used with another request body" },
          ]);
        }
        return {
          status: earlier.status,
          body: earlier.body,
          ...(earlier.location !== undefined && { location: earlier.location }),
        };
      }
      return publish(keep, (answer) => ({
        organId: organ.id,
        key,
        fingerprint,
        status: answer.status,
        body: answer.body,
        ...(answer.location !== undefined && { location: answer.location }),
        at: this.options.now().getTime(),
      }));
    });
  }
}
