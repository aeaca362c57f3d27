import type { Platform, PlatformRegistry } from "./platform-registry.js";

/**
 * Who owns a host. An exact domain beats any wildcard, and among wildcards the longest suffix
 * wins, so `*.blog.example.jp` can belong to another operator than `*.example.jp`. A wildcard
 * `*.example.jp` covers subdomains only; the apex must be listed on its own.
 */
export class PlatformDirectory {
  private readonly exact = new Map<string, Platform>();
  /** ".suffix" of each wildcard → owner. */
  private readonly wildcards = new Map<string, Platform>();
  private readonly byIdMap = new Map<string, Platform>();

  constructor(registry: PlatformRegistry) {
    for (const platform of registry.platforms) {
      this.byIdMap.set(platform.id, platform);
      for (const domain of platform.domains) {
        const [table, name] = domain.startsWith("*.")
          ? [this.wildcards, domain.slice(1)]
          : [this.exact, domain];
        // The first platform to list a domain keeps it, as when wildcards were scanned in order.
        if (!table.has(name)) table.set(name, platform);
      }
    }
  }

  ownerOf(host: string): Platform | undefined {
    const normalized = host.toLowerCase().replace(/\.+$/, "");
    const exact = this.exact.get(normalized);
    if (exact !== undefined) return exact;
    // Every ".suffix" of the host, longest first: one lookup per label rather than a scan of
    // every wildcard in the registry, once per case routed.
    for (let dot = normalized.indexOf("."); dot !== -1; dot = normalized.indexOf(".", dot + 1)) {
      const owner = this.wildcards.get(normalized.slice(dot));
      if (owner !== undefined) return owner;
    }
    return undefined;
  }

  byId(id: string): Platform | undefined {
    return this.byIdMap.get(id);
  }

  get platforms(): readonly Platform[] {
    return [...this.byIdMap.values()];
  }
}
