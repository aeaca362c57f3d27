import { createHash, randomUUID } from "node:crypto";
import { noticesTopic, responsesTopic, topics } from "@takedown/contracts";
import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";
import { eventually, TopicReader } from "./fuzz-observers.js";
import { postToIntake } from "./intake-client.js";
import { validBody } from "./intake-fuzz-cases.js";
import { responseHeaders } from "./response-fuzz-records.js";

export interface ProbeResult {
  /** Intake's answer to a valid request after the fuzz. */
  intakeStatus: number | string;
  /** Routing issued the notice for it. */
  noticed: boolean;
  /** A valid response to that notice moved the case (case.state_changed to `removed`). */
  answered: boolean;
  seconds: number;
}

/**
 * After the fuzz: one valid request through intake, its notice on the platform's topic, a valid
 * answer on the responses topic the fuzz went to, and the case state change that answer causes.
 * A stalled partition, a wedged consumer or a dead service anywhere on that path fails it.
 */
export async function probePipeline(options: {
  kafka: Kafka;
  intakeUrl: string;
  apiKey: string;
  evidenceId: string;
  platformId: string;
  runId: string;
  timeoutMs: number;
}): Promise<ProbeResult> {
  const began = Date.now();
  const result: ProbeResult = {
    intakeStatus: "not sent",
    noticed: false,
    answered: false,
    seconds: 0,
  };
  const notices = new Map<string, { caseId: string; revision: number }>();
  const changes = new Set<string>();
  const noticeReader = new TopicReader({
    kafka: options.kafka,
    topic: noticesTopic(options.platformId),
    onRecord: (message) => {
      if (message.key === null || message.value === null) return;
      const data = JSON.parse(message.value.toString()) as { caseId?: string; revision?: number };
      if (data.caseId !== undefined)
        notices.set(message.key.toString(), { caseId: data.caseId, revision: data.revision ?? 1 });
    },
  });
  const caseReader = new TopicReader({
    kafka: options.kafka,
    topic: topics.cases,
    onRecord: (message) => {
      if (message.value === null) return;
      const data = JSON.parse(message.value.toString()) as { caseId?: string; to?: string };
      if (data.to === "removed" && data.caseId !== undefined) changes.add(data.caseId);
    },
  });
  await noticeReader.start();
  await caseReader.start();
  try {
    const body = {
      ...validBody(0, options.evidenceId),
      targets: [{ url: `https://x.com/fuzz-probe/${options.runId}/${randomUUID()}` }],
    };
    const answer = await postToIntake({
      url: `${options.intakeUrl}/v1/requests`,
      apiKey: options.apiKey,
      body: JSON.stringify(body),
      contentType: "application/json",
      timeoutMs: 10_000,
    });
    result.intakeStatus = answer.kind === "answer" ? answer.status : answer.code;
    if (answer.kind !== "answer" || answer.status !== 202) return result;
    const target = (answer.body as { targets: { canonicalUrl: string }[] }).targets[0];
    const contentKey = createHash("sha256")
      .update(target?.canonicalUrl ?? "")
      .digest("hex");
    result.noticed = await eventually(() => notices.has(contentKey), options.timeoutMs);
    const notice = notices.get(contentKey);
    if (notice === undefined) return result;
    const time = new Date().toISOString();
    const producer = options.kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      const data = {
        caseId: notice.caseId,
        contentKey,
        platformId: options.platformId,
        noticeRevision: notice.revision,
        action: "removed",
        reasonCode: "illegal_content",
        actedAt: time,
      };
      await producer.send({
        topic: responsesTopic(options.platformId),
        acks: -1,
        messages: [
          {
            key: contentKey,
            value: JSON.stringify(data),
            headers: responseHeaders(randomUUID(), time, options.platformId),
          },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    result.answered = await eventually(() => changes.has(notice.caseId), options.timeoutMs);
    return result;
  } finally {
    result.seconds = (Date.now() - began) / 1000;
    await noticeReader.stop();
    await caseReader.stop();
  }
}
