import { ApiKeyAuthenticator, type AcceptedKey } from "@takedown/api-keys";
import type { Organ, OrganRegistry } from "@takedown/config";

function acceptedKeys(registry: OrganRegistry): AcceptedKey<Organ>[] {
  return registry.organs.flatMap((organ) =>
    organ.apiKeys
      .filter((key) => !key.disabled)
      .map((key) => ({
        keyId: key.id,
        hash: key.hash,
        holder: organ,
        ...(key.notAfter === undefined ? {} : { notAfter: Date.parse(key.notAfter) }),
      })),
  );
}

export interface OrganAuthenticatorOptions {
  registry: OrganRegistry;
  /**
   * The current registry when its keys changed since the last call, else undefined (the local
   * key file's watch). Asked before every authentication, so a revoked key is refused from the
   * next request on; without it the keys are those of the start.
   */
  reload?: () => Promise<OrganRegistry | undefined>;
  /** A failed reload keeps the keys already loaded; the caller logs it. */
  onReloadError?: (error: unknown) => void;
}

/**
 * Finds the organ of a bearer key (verification and its cache live in @takedown/api-keys);
 * disabled keys never enter the lookup, and a rotated key is refused after its notAfter.
 */
export class OrganAuthenticator {
  private readonly keys: ApiKeyAuthenticator<Organ>;
  private organs = new Map<string, Organ>();

  constructor(options: OrganAuthenticatorOptions) {
    this.remember(options.registry);
    const reload = options.reload;
    this.keys = new ApiKeyAuthenticator({
      keys: acceptedKeys(options.registry),
      ...(reload === undefined
        ? {}
        : {
            reload: async () => {
              const registry = await reload();
              if (registry === undefined) return undefined;
              this.remember(registry);
              return acceptedKeys(registry);
            },
            revalidateMs: 0,
          }),
      ...(options.onReloadError === undefined ? {} : { onReloadError: options.onReloadError }),
    });
  }

  organ(id: string): Organ | undefined {
    return this.organs.get(id);
  }

  /** The organ holding this `Authorization` header's key, or undefined. */
  authenticate(authorization: string | undefined): Promise<Organ | undefined> {
    return this.keys.authenticate(authorization);
  }

  private remember(registry: OrganRegistry): void {
    this.organs = new Map(registry.organs.map((organ) => [organ.id, organ]));
  }
}
