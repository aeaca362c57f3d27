import { describe, expect, it } from "vitest";
import { sampleDossier } from "../fixtures/legacy-sample-events.js";
import { sampleEvents } from "../fixtures/sample-events.js";
import { requestSubmissionBodySchema } from "./request-submission-body.js";

const member = sampleEvents["case.opened"].data.member;
const body = {
  targets: [{ url: member.url }],
  category: member.category,
  classification: member.classification,
  legalBasis: member.legalBasis,
  requestedAction: member.requestedAction,
  description: sampleDossier.description,
  evidence: member.evidence,
  contact: sampleDossier.contact,
};

const pathsOf = (input: unknown) =>
  requestSubmissionBodySchema.safeParse(input).error?.issues.map((i) => i.path.join(".")) ?? [];

describe("requestSubmissionBodySchema", () => {
  it("accepts a request as an organ sends it", () => {
    expect(pathsOf(body)).toEqual([]);
  });

  it("refuses unknown fields at every level, naming them", () => {
    expect(
      requestSubmissionBodySchema.safeParse({ ...body, legalBasisTxt: "x" }).error?.issues[0],
    ).toMatchObject({
      code: "unrecognized_keys",
      keys: ["legalBasisTxt"],
    });
    expect(pathsOf({ ...body, targets: [{ url: member.url, nots: "x" }] })).toEqual(["targets.0"]);
    expect(pathsOf({ ...body, contact: { mail: "a@b" } })).toEqual(["contact"]);
  });

  it("bounds targets to 1..100 and requires text for an 'other' legal basis", () => {
    expect(pathsOf({ ...body, targets: [] })).toEqual(["targets"]);
    const many = Array.from({ length: 101 }, (_, i) => ({ url: `https://example.jp/${i}` }));
    expect(pathsOf({ ...body, targets: many })).toEqual(["targets"]);
    expect(pathsOf({ ...body, legalBasis: "other" })).toEqual(["legalBasisText"]);
    expect(pathsOf({ ...body, legalBasis: "other", legalBasisText: "刑法230条" })).toEqual([]);
  });
});
