import type { VerifiedClaim } from "@takedown/log-verification-web";
import { useAuditText, type AuditTextKey } from "./audit-text.js";

const CLAIM_TEXT: Record<VerifiedClaim["claim"], AuditTextKey> = {
  "checkpoint-signature": "claimSignature",
  "checkpoint-origin": "claimOrigin",
  "leaf-hash": "claimLeaf",
  inclusion: "claimInclusion",
  consistency: "claimConsistency",
};

function detailOf(claim: VerifiedClaim): string {
  switch (claim.claim) {
    case "checkpoint-signature":
      return `${claim.keyName} (${claim.keyId})`;
    case "checkpoint-origin":
      return claim.origin;
    case "leaf-hash":
      return `#${claim.index}: ${claim.leafHash}`;
    case "inclusion":
      return `#${claim.index} ∈ ${claim.treeSize}`;
    case "consistency":
      return `${claim.oldSize} → ${claim.newSize}`;
  }
}

/** What the browser itself checked, one line per claim, so the page never says a bare "ok". */
export function ClaimList({ claims }: { claims: readonly VerifiedClaim[] }) {
  const { a } = useAuditText();
  return (
    <ul className="claims">
      {claims.map((claim, i) => (
        <li key={`${claim.claim}-${i}`} data-claim={claim.claim}>
          <span aria-hidden="true">✔ </span>
          {a(CLAIM_TEXT[claim.claim])} — <code>{detailOf(claim)}</code>
        </li>
      ))}
    </ul>
  );
}
