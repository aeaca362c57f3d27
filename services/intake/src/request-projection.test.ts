import { createEvent } from "@takedown/contracts";
import { createStatusError, type RequestHistory, type StatusRecord } from "@takedown/status";
import { describe, expect, it } from "vitest";
import { RequestProjection, type StatusSource } from "./request-projection.js";

const requestId = "req_01JD0000000000000000000000";
const contentKey = "a".repeat(64);

function submitted(index: number, id = requestId) {
  const targetId = `${id}#${index}`;
  return createEvent(
    "target.submitted",
    {
      requestId: id,
      targetId,
      organId: "moj-a",
      url: `https://example.com/p/${index}`,
      classification: "rights_infringement",
      category: "defamation",
      legalBasis: "pla_art3_2_1",
      requestedAction: "remove",
      evidence: [],
      language: "ja",
      submittedAt: "2026-11-28T00:00:00.000Z",
      canonicalUrl: `https://example.com/p/${index}`,
      contentKey,
    },
    { source: "/takedown/intake", id: `${targetId}/submitted` },
  );
}

function withdrawn(index: number) {
  return createEvent(
    "target.withdrawn",
    {
      requestId,
      targetId: `${requestId}#${index}`,
      organId: "moj-a",
      canonicalUrl: `https://example.com/p/${index}`,
      contentKey,
      withdrawnAt: "2026-11-29T00:00:00.000Z",
    },
    { source: "/takedown/intake" },
  );
}

/** What the status service would answer once it has read targets 1..n of the request. */
function recordOf(targets: number[], caseState?: "notified"): StatusRecord {
  return {
    requestId,
    organId: "moj-a",
    submittedAt: "2026-11-28T00:00:00.000Z",
    category: "defamation",
    classification: "rights_infringement",
    legalBasis: "pla_art3_2_1",
    requestedAction: "remove",
    evidence: [],
    targets: targets.map((n) => ({
      targetId: `${requestId}#${n}`,
      url: `https://example.com/p/${n}`,
      canonicalUrl: `https://example.com/p/${n}`,
      contentKey,
      withdrawn: false,
      ...(caseState !== undefined && {
        caseId: `case_${"a".repeat(16)}_01JD0000000000000000000000`,
        caseState,
      }),
    })),
  };
}

/** A status service stand-in: answers what the test put in, counts the questions. */
class FakeStatus implements StatusSource {
  readonly records = new Map<string, StatusRecord>();
  asked = 0;
  down = false;

  record(id: string, organId: string): Promise<StatusRecord | undefined> {
    this.asked += 1;
    if (this.down) return Promise.reject(createStatusError("STATUS_UNAVAILABLE"));
    const record = this.records.get(id);
    return Promise.resolve(record?.organId === organId ? record : undefined);
  }

  history(id: string, organId: string): Promise<RequestHistory | undefined> {
    if (this.down) return Promise.reject(createStatusError("STATUS_UNAVAILABLE"));
    const record = this.records.get(id);
    if (record?.organId !== organId) return Promise.resolve(undefined);
    return Promise.resolve({
      requestId: id,
      targets: record.targets
        .filter((t) => t.caseId !== undefined)
        .map((t) => ({
          targetId: t.targetId,
          steps: [
            { step: "submitted" as const, at: record.submittedAt },
            { step: "case_opened" as const, at: record.submittedAt },
          ],
        })),
    });
  }
}

describe("RequestProjection", () => {
  it("shows its own committed events at once, to their organ only, before the status service has them", async () => {
    const source = new FakeStatus();
    const projection = new RequestProjection({ source });
    projection.applyOwn(submitted(1));
    projection.applyOwn(submitted(2));
    expect((await projection.status(requestId, "moj-a"))?.targets.map((t) => t.targetId)).toEqual([
      `${requestId}#1`,
      `${requestId}#2`,
    ]);
    expect(await projection.status(requestId, "moj-b")).toBeUndefined();
    expect(await projection.find(requestId, "moj-b")).toBeUndefined();
  });

  it("answers each target's history for its own organ only; a target not on a case yet has its submission", async () => {
    const source = new FakeStatus();
    const projection = new RequestProjection({ source, cacheTtlMs: 0 });
    projection.applyOwn(submitted(1));
    projection.applyOwn(submitted(2));
    // The status service knows target 1 on a case; target 2 is intake's own, not seen there yet.
    source.records.set(requestId, recordOf([1], "notified"));
    const history = await projection.history(requestId, "moj-a");
    expect(history?.targets.map((t) => [t.targetId, t.steps.map((s) => s.step)])).toEqual([
      [`${requestId}#1`, ["submitted", "case_opened"]],
      [`${requestId}#2`, ["submitted"]],
    ]);
    expect(await projection.history(requestId, "moj-b")).toBeUndefined();
    source.down = true;
    await expect(projection.history(requestId, "moj-a")).rejects.toMatchObject({
      code: "INTAKE_STATUS_UNAVAILABLE",
    });
  });

  it("lays own targets and withdrawals over a record that does not show them yet", async () => {
    const source = new FakeStatus();
    const projection = new RequestProjection({ source, cacheTtlMs: 0 });
    // Targets of one request sit on different partitions: the service may know #2 before #1.
    source.records.set(requestId, recordOf([2], "notified"));
    projection.applyOwn(submitted(1));
    projection.applyOwn(submitted(2));
    projection.applyOwn(withdrawn(2));
    const status = await projection.status(requestId, "moj-a");
    expect(status?.targets).toMatchObject([
      { targetId: `${requestId}#1`, withdrawn: false },
      { targetId: `${requestId}#2`, withdrawn: true, caseState: "notified" },
    ]);
    expect(status?.withdrawn).toBe(false);
    expect(
      (await projection.find(requestId, "moj-a"))?.targets.filter((t) => !t.withdrawn),
    ).toEqual([expect.objectContaining({ targetId: `${requestId}#1`, contentKey })]);
  });

  it("forgets own events once the record shows them, and the oldest past its bound", async () => {
    const source = new FakeStatus();
    const projection = new RequestProjection({ source, maxOwnTargets: 2, cacheTtlMs: 0 });
    const other = (n: number) => `req_01JD000000000000000000000${n}`;
    for (const n of [1, 2, 3]) projection.applyOwn(submitted(1, other(n)));
    // Past the bound the oldest is gone: with nothing from the service, it is not found.
    expect(await projection.status(other(1), "moj-a")).toBeUndefined();
    expect(await projection.status(other(3), "moj-a")).toBeDefined();

    projection.applyOwn(submitted(1));
    source.records.set(requestId, recordOf([1], "notified"));
    expect((await projection.status(requestId, "moj-a"))?.targets[0]?.caseState).toBe("notified");
    // Shown by the service, the own copy is dropped: the service's word alone now.
    source.records.delete(requestId);
    expect(await projection.status(requestId, "moj-a")).toBeUndefined();
  });

  it("reuses a GET answer within its time to live, but withdraw and own events ask afresh", async () => {
    let now = 0;
    const source = new FakeStatus();
    source.records.set(requestId, recordOf([1]));
    const projection = new RequestProjection({ source, cacheTtlMs: 1000, now: () => now });
    await projection.status(requestId, "moj-a");
    await projection.status(requestId, "moj-a");
    expect(source.asked).toBe(1);
    expect(await projection.status(requestId, "moj-b")).toBeUndefined();
    await projection.find(requestId, "moj-a");
    expect(source.asked).toBe(2);
    source.records.set(requestId, recordOf([1], "notified"));
    now = 1000;
    expect((await projection.status(requestId, "moj-a"))?.targets[0]?.caseState).toBe("notified");
    expect(source.asked).toBe(3);
    projection.applyOwn(withdrawn(1));
    expect((await projection.status(requestId, "moj-a"))?.withdrawn).toBe(true);
    expect(source.asked).toBe(4);
  });

  it("bounds its cache by targets, not requests: a large request pushes older answers out", async () => {
    const source = new FakeStatus();
    const other = "req_01JD0000000000000000000001";
    source.records.set(requestId, recordOf([1, 2]));
    source.records.set(other, { ...recordOf([1, 2]), requestId: other });
    const projection = new RequestProjection({ source, maxCachedTargets: 3, now: () => 0 });
    await projection.status(requestId, "moj-a");
    await projection.status(requestId, "moj-a");
    expect(source.asked).toBe(1);
    await projection.status(other, "moj-a");
    await projection.status(other, "moj-a");
    expect(source.asked).toBe(2);
    // Both would hold 4 targets: the older answer went.
    await projection.status(requestId, "moj-a");
    expect(source.asked).toBe(3);
  });

  it("answers from its own events while the status service is away, and 503 for the rest", async () => {
    const source = new FakeStatus();
    source.down = true;
    const projection = new RequestProjection({ source });
    projection.applyOwn(submitted(1));
    expect((await projection.status(requestId, "moj-a"))?.targets).toHaveLength(1);
    await expect(
      projection.status("req_01JD0000000000000000000009", "moj-a"),
    ).rejects.toMatchObject({ code: "INTAKE_STATUS_UNAVAILABLE" });
    await expect(projection.status(requestId, "moj-b")).rejects.toMatchObject({
      code: "INTAKE_STATUS_UNAVAILABLE",
    });
  });
});

describe("the platform's question", () => {
  it("is shown per target while its case is needs_info, from the platform's latest answer", async () => {
    const asking = (state: "needs_info" | "notified"): StatusRecord => {
      const record = recordOf([1]);
      const [target] = record.targets;
      if (target === undefined) throw new Error("no target");
      return {
        ...record,
        targets: [
          {
            ...target,
            caseId: `case_${"a".repeat(16)}_01JD0000000000000000000000`,
            caseState: state,
            latestResponse: {
              action: "needs_info",
              reasonCode: "insufficient_information",
              text: "アーカイブを送ってください",
            },
          },
        ],
      };
    };
    let state: "needs_info" | "notified" = "needs_info";
    const projection = new RequestProjection({
      source: {
        record: () => Promise.resolve(asking(state)),
        history: () => Promise.resolve(undefined),
      },
      cacheTtlMs: 0,
    });
    const asked = await projection.status(requestId, "moj-a");
    expect(asked?.targets[0]?.question).toEqual({
      reason: "insufficient_information",
      message: "アーカイブを送ってください",
    });
    // Answered: the case is notified again, and the question is gone.
    state = "notified";
    expect((await projection.status(requestId, "moj-a"))?.targets[0]?.question).toBeUndefined();
  });
});
