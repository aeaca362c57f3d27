import { ApiKeyAuthenticator } from "@takedown/api-keys";
import type { Organ, OrganRegistry } from "@takedown/config";

/**
 * Finds the organ of a bearer key (verification and its cache live in @takedown/api-keys);
 * disabled keys never enter the lookup, so a restart revokes them.
 */
export class OrganAuthenticator {
  private readonly keys: ApiKeyAuthenticator<Organ>;
  private readonly organs = new Map<string, Organ>();

  constructor(registry: OrganRegistry) {
    for (const organ of registry.organs) this.organs.set(organ.id, organ);
    this.keys = new ApiKeyAuthenticator({
      keys: registry.organs.flatMap((organ) =>
        organ.apiKeys
          .filter((key) => !key.disabled)
          .map((key) => ({ keyId: key.id, hash: key.hash, holder: organ })),
      ),
    });
  }

  organ(id: string): Organ | undefined {
    return this.organs.get(id);
  }

  /** The organ holding this `Authorization` header's key, or undefined. */
  authenticate(authorization: string | undefined): Promise<Organ | undefined> {
    return this.keys.authenticate(authorization);
  }
}
