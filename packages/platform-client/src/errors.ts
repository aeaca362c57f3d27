import { defineErrors } from "@takedown/errors";

/**
 * A platform's side of routing. The codes keep the ROUTING_ prefix they had when this client
 * lived in services/routing: the CLI prints them, and operators search for them by that name.
 */
export const createRoutingError = defineErrors({
  ROUTING_CREDENTIALS_MISSING: {
    message: "no Kafka credentials are stored for this platform; run `takedown topics apply`",
    retryable: false,
  },
  ROUTING_CREDENTIALS_REVOKED: {
    message:
      "this platform's Kafka login was revoked; `takedown credentials rotate platform <id>` issues a new one",
    retryable: false,
  },
  ROUTING_UNKNOWN_PLATFORM: {
    message: "no such platform in platforms.yaml",
    retryable: false,
  },
  ROUTING_NOTICE_NOT_FOUND: {
    message: "no notice about this case was found on the platform's notices topic",
    retryable: false,
  },
});
