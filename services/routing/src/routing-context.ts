import type { AnyTakedownEvent } from "@takedown/contracts";
import type { DetailsLinker } from "./dossier-links.js";
import type { EvidenceLinker } from "./evidence-links.js";
import type { PlatformDirectory } from "@takedown/config";
import type { RoutedCase } from "./routed-case.js";

/** Topic names routing writes to; tests pass unique ones. */
export interface RoutingTopics {
  cases: string;
  triage: string;
  dlq: string;
  /** Platform responses re-keyed by routing, plus routing's own deadline ticks. */
  rekeyedResponses: string;
  /** Compacted changelog of RoutedCase per content key. */
  state: string;
  noticesOf: (platformId: string) => string;
  /** Every platform's responses topic. */
  responses: RegExp;
}

/** What the routing decisions need besides the case itself. */
export interface RoutingContext {
  directory: PlatformDirectory;
  topics: RoutingTopics;
  linkEvidence: EvidenceLinker;
  /** Each member's dossier part (its personal data), linked, never copied into the notice. */
  linkDetails: DetailsLinker;
  /** How the notified party can object (DSA Art. 17-style); printed on every notice. */
  redress: { text: string; url?: string };
  /** `ce_source` of everything routing writes. */
  source: string;
  clock: () => Date;
}

export interface Emission {
  topic: string;
  event: AnyTakedownEvent;
}

/**
 * The result of one input: events to write and the case as it is afterwards (absent: unchanged),
 * or a rejection that sends the input to the DLQ with the reason.
 */
export type RoutingOutcome =
  | { kind: "applied"; emit: Emission[]; next: RoutedCase }
  | { kind: "ignored"; why: string }
  | { kind: "rejected"; code: string; message: string };

export const ignored = (why: string): RoutingOutcome => ({ kind: "ignored", why });
export const rejected = (code: string, message: string): RoutingOutcome => ({
  kind: "rejected",
  code,
  message,
});
