import { caseIdFor, createEvent, encodeEvent, type AnyTakedownEvent } from "@takedown/contracts";
import { syntheticTargets } from "@takedown/dedup";
import type { Kafka } from "@takedown/kafka";

export interface HistoryTopics {
  targets: string;
  cases: string;
  notices: string;
  responses: string;
}

/** One request of the history and what GET must answer for it once everything is folded. */
export interface SampledRequest {
  requestId: string;
  organId: string;
  targetId: string;
  caseId: string;
  caseState: "notified" | "removed";
}

export interface HistorySummary {
  targets: number;
  cases: number;
  events: number;
  bytes: number;
  seconds: number;
  samples: SampledRequest[];
}

const PLATFORM = "x";
const SOURCE = { source: "/bench/status-history" };
const CHUNK = 1500;
const IN_FLIGHT = 4;

/**
 * Writes a pipeline's worth of history straight onto the topics the status is built from, with
 * the contracts' encoders: `targets` target.submitted (3.3 per URL, as in bench/dedup), one case
 * per URL (case.opened, then case.merged), a notice and a notified state per case, and for every
 * third case the platform's response and the removed state.
 */
export async function writeHistory(options: {
  kafka: Kafka;
  topics: HistoryTopics;
  targets: number;
  runId: string;
  samples: number;
  onProgress?: (written: number) => void;
}): Promise<HistorySummary> {
  const started = performance.now();
  const urls = Math.ceil(options.targets / 3.3);
  const producer = options.kafka.producer();
  await producer.connect();
  const cases = new Map<string, { caseId: string; members: number; removed: boolean }>();
  const sampleEvery = Math.max(1, Math.floor(options.targets / options.samples));
  const sampled: { requestId: string; organId: string; targetId: string; contentKey: string }[] =
    [];
  let events = 0;
  let bytes = 0;
  const pending = new Set<Promise<unknown>>();
  const send = async (batch: Map<string, AnyTakedownEvent[]>): Promise<void> => {
    const topicMessages = [...batch].map(([topic, list]) => ({
      topic,
      messages: list.map((event) => {
        const record = encodeEvent(event);
        bytes += record.value.length;
        return record;
      }),
    }));
    events += topicMessages.reduce((sum, t) => sum + t.messages.length, 0);
    const sent = producer.sendBatch({ topicMessages, acks: 1 });
    pending.add(sent);
    void sent.finally(() => pending.delete(sent)).catch(() => undefined);
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
  };
  try {
    for (let first = 0; first < options.targets; first += CHUNK) {
      const batch = new Map<string, AnyTakedownEvent[]>(
        Object.values(options.topics).map((topic) => [topic, []]),
      );
      const add = (topic: string, event: AnyTakedownEvent) => batch.get(topic)?.push(event);
      const targets = syntheticTargets({
        count: Math.min(CHUNK, options.targets - first),
        first,
        urls,
        runId: options.runId,
      });
      for (const [i, target] of targets.entries()) {
        const k = first + i;
        const d = target.data;
        add(options.topics.targets, target);
        const at = d.submittedAt;
        const existing = cases.get(d.contentKey);
        const { canonicalUrl, contentKey, platformHint, ...member } = d;
        if (existing === undefined) {
          const caseId = caseIdFor(contentKey, ulidOf(k));
          const removed = cases.size % 3 === 0;
          cases.set(contentKey, { caseId, members: 1, removed });
          add(
            options.topics.cases,
            createEvent(
              "case.opened",
              { caseId, contentKey, canonicalUrl, platformHint, member, openedAt: at },
              SOURCE,
            ),
          );
          add(
            options.topics.cases,
            createEvent(
              "case.state_changed",
              {
                caseId,
                contentKey,
                from: "open",
                to: "notified",
                trigger: "notice_issued",
                platformId: PLATFORM,
                changedAt: at,
              },
              SOURCE,
            ),
          );
          add(options.topics.notices, noticeOf({ caseId, contentKey, canonicalUrl, member, at }));
          if (removed) {
            const response = createEvent(
              "response.submitted",
              {
                caseId,
                contentKey,
                platformId: PLATFORM,
                noticeRevision: 1,
                action: "removed",
                reasonCode: "illegal_content",
                text: "Removed under our terms of service.",
                actedAt: at,
              },
              SOURCE,
            );
            add(options.topics.responses, response);
            add(
              options.topics.cases,
              createEvent(
                "case.state_changed",
                {
                  caseId,
                  contentKey,
                  from: "notified",
                  to: "removed",
                  trigger: "platform_response",
                  platformId: PLATFORM,
                  response: {
                    eventId: response.id,
                    action: "removed",
                    reasonCode: "illegal_content",
                  },
                  changedAt: at,
                },
                SOURCE,
              ),
            );
          }
        } else {
          existing.members += 1;
          add(
            options.topics.cases,
            createEvent(
              "case.merged",
              {
                caseId: existing.caseId,
                contentKey,
                canonicalUrl,
                member,
                memberCount: existing.members,
                mergedAt: at,
              },
              SOURCE,
            ),
          );
        }
        if (k % sampleEvery === 0 && sampled.length < options.samples)
          sampled.push({
            requestId: d.requestId,
            organId: d.organId,
            targetId: d.targetId,
            contentKey,
          });
      }
      await send(batch);
      options.onProgress?.(first + targets.length);
    }
    await Promise.all(pending);
  } finally {
    await producer.disconnect();
  }
  const samples = sampled.map((s) => {
    const found = cases.get(s.contentKey);
    if (found === undefined) throw new Error(`no case for ${s.targetId}`);
    return {
      requestId: s.requestId,
      organId: s.organId,
      targetId: s.targetId,
      caseId: found.caseId,
      caseState: found.removed ? ("removed" as const) : ("notified" as const),
    };
  });
  return {
    targets: options.targets,
    cases: cases.size,
    events,
    bytes,
    seconds: (performance.now() - started) / 1000,
    samples,
  };
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A valid, distinct ULID per number (time part fixed): case ids only need to be unique here. */
function ulidOf(n: number): string {
  let tail = "";
  for (let i = 0, rest = n; i < 16; i++, rest = Math.floor(rest / 32))
    tail = (CROCKFORD[rest % 32] ?? "0") + tail;
  return `01JD000000${tail}`;
}

function noticeOf(options: {
  caseId: string;
  contentKey: string;
  canonicalUrl: string;
  member: Parameters<typeof createEvent<"case.opened">>[1]["member"];
  at: string;
}) {
  const { member } = options;
  return createEvent(
    "notice.issued",
    {
      caseId: options.caseId,
      contentKey: options.contentKey,
      platformId: PLATFORM,
      revision: 1,
      canonicalUrl: options.canonicalUrl,
      urls: [member.url],
      classification: member.classification,
      categories: [member.category],
      requestedActions: [member.requestedAction],
      requests: [member],
      evidence: [],
      deadline: options.at,
      redress: { text: "You may object through the platform's own appeal form." },
      language: member.language,
      issuedAt: options.at,
    },
    SOURCE,
  );
}
