import { eventTypes } from "@takedown/contracts";
import { sampleCaseId, sampleDossier, sampleEvents } from "@takedown/contracts/fixtures";
import { describe, expect, it } from "vitest";
import { factsOf } from "./event-facts.js";
import { decodeFact, encodeFact } from "./status-fact.js";

const submitted = sampleEvents["target.submitted"];
const targetId = submitted.data.targetId;

describe("factsOf", () => {
  it("folds each event type into the facts GET needs, keyed per target or case", () => {
    const keys = Object.fromEntries(
      eventTypes.map((type) => [type, factsOf(sampleEvents[type]).map((f) => encodeFact(f).key)]),
    );
    const mergedTarget = sampleEvents["case.merged"].data.member.targetId;
    const withdrawnTarget = sampleEvents["target.withdrawn"].data.targetId;
    const step = (type: keyof typeof sampleEvents) =>
      `step/${sampleCaseId}/${sampleEvents[type].id}`;
    const erasedTarget = sampleEvents["target.erased"].data.targetId;
    const answerId = sampleEvents["target.info_provided"].data.answerId;
    expect(keys).toEqual({
      "target.submitted": [`target/${targetId}`],
      "target.withdrawn": [`withdrawn/${withdrawnTarget}`],
      "target.info_provided": [`answer/${answerId}`],
      "target.erased": [`erased/${erasedTarget}`],
      "case.info_provided": [],
      "case.opened": [`member/${targetId}`, `case-state/${sampleCaseId}`, step("case.opened")],
      "case.merged": [`member/${mergedTarget}`, step("case.merged")],
      "case.withdrawn": [`case-state/${sampleCaseId}`, step("case.withdrawn")],
      "case.state_changed": [
        `case-state/${sampleCaseId}`,
        `case-platform/${sampleCaseId}`,
        `case-response/${sampleCaseId}`,
        step("case.state_changed"),
      ],
      "notice.issued": [`notice/${sampleCaseId}`, step("notice.issued")],
      "notice.revised": [`notice/${sampleCaseId}`, step("notice.revised")],
      "notice.withdrawn": [],
      "response.submitted": [`response/${sampleCaseId}`],
      "case.unroutable": [],
      "case.escalated": [],
      "record.rejected": [],
      "audit.entry": [],
    });
    expect(factsOf(sampleEvents["case.state_changed"])[0]).toMatchObject({ state: "removed" });
    expect(factsOf(sampleEvents["case.withdrawn"])[0]).toMatchObject({ state: "withdrawn" });
    expect(factsOf(sampleEvents["case.opened"])[1]).toMatchObject({
      state: "open",
      at: sampleEvents["case.opened"].data.openedAt,
    });
    expect(factsOf(sampleEvents["case.state_changed"])[0]).toMatchObject({
      at: sampleEvents["case.state_changed"].data.changedAt,
    });
    const answer = sampleEvents["target.info_provided"].data;
    expect(factsOf(sampleEvents["target.info_provided"])[0]).toMatchObject({
      requestId: answer.requestId,
      evidence: [answer.messageEvidenceId, ...answer.evidence],
    });
    expect(factsOf(sampleEvents["target.erased"])[0]).toMatchObject({ cause: "request" });
    expect(factsOf(sampleEvents["case.state_changed"])[3]).toMatchObject({
      step: "state_changed",
      state: "removed",
      action: "removed",
      reasonCode: "illegal_content",
    });
    expect(factsOf(sampleEvents["notice.issued"])[1]).toMatchObject({
      step: "notice_issued",
      deadline: sampleEvents["notice.issued"].data.deadline,
    });
    expect(factsOf(sampleEvents["response.submitted"])[0]).toMatchObject({
      eventId: sampleEvents["response.submitted"].id,
      action: "removed",
      reasonCode: "illegal_content",
      actedAt: "2025-06-05T11:59:00+09:00",
      noticeRevision: 2,
    });
  });

  it("writes no personal data and no free text: not names, contacts, descriptions, notes, legal-basis text or the platform's answer", () => {
    const written = eventTypes
      .flatMap((type) => factsOf(sampleEvents[type]))
      .map((fact) => encodeFact(fact).value)
      .join("\n");
    // v2 events carry none of it (it is in the dossier): the dossier's values must not appear.
    const personal = sampleDossier;
    const secrets = [
      personal.contact?.name,
      personal.contact?.email,
      personal.contact?.organizationUnit,
      personal.victim?.name,
      personal.victim?.nameKana,
      personal.description,
      Object.values(personal.notes)[0],
      personal.legalBasisText,
      sampleEvents["response.submitted"].data.text,
    ].filter((s): s is string => s !== undefined);
    expect(secrets.length).toBeGreaterThanOrEqual(9);
    for (const secret of secrets) {
      expect(written).not.toContain(secret);
      // JSON writers may escape Japanese as \uXXXX (PITFALLS: personal data).
      expect(written).not.toContain(JSON.stringify(secret).slice(1, -1));
      expect(written).not.toContain(
        [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""),
      );
    }
  });

  it("reads back what it writes, and refuses records that are not exactly a fact for their key", () => {
    for (const type of eventTypes)
      for (const fact of factsOf(sampleEvents[type])) {
        const { key, value } = encodeFact(fact);
        expect(decodeFact(key, Buffer.from(value))).toEqual(fact);
      }
    const [fact] = factsOf(sampleEvents["response.submitted"]);
    if (fact === undefined) throw new Error("no fact");
    const { key, value } = encodeFact(fact);
    const withText = JSON.stringify({ ...fact, text: "free text" });
    expect(() => decodeFact(key, Buffer.from(withText))).toThrow(/STATUS|text/);
    expect(() => decodeFact(`response/case_other`, Buffer.from(value))).toThrow(/holds a fact for/);
    expect(() => decodeFact(key, Buffer.from("{"))).toThrow(/cannot be read/);
  });
});
