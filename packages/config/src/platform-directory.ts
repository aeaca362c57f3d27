import type { Platform, PlatformRegistry } from "./platform-registry.js";

/**
 * Who owns a host. An exact domain beats any wildcard, and among wildcards the longest suffix
 * wins, so `*.blog.example.jp` can belong to another operator than `*.example.jp`. A wildcard
 * `*.example.jp` covers subdomains only; the apex must be listed on its own.
 */
export class PlatformDirectory {
  private readonly exact = new Map<string, Platform>();
  /** ".suffix" → owner, longest first. */
  private readonly wildcards: { suffix: string; platform: Platform }[] = [];
  private readonly byIdMap = new Map<string, Platform>();

  constructor(registry: PlatformRegistry) {
    for (const platform of registry.platforms) {
      this.byIdMap.set(platform.id, platform);
      for (const domain of platform.domains) {
        if (domain.startsWith("*.")) this.wildcards.push({ suffix: domain.slice(1), platform });
        else this.exact.set(domain, platform);
      }
    }
    this.wildcards.sort((a, b) => b.suffix.length - a.suffix.length);
  }

  ownerOf(host: string): Platform | undefined {
    const normalized = host.toLowerCase().replace(/\.+$/, "");
    const exact = this.exact.get(normalized);
    if (exact !== undefined) return exact;
    return this.wildcards.find((w) => normalized.endsWith(w.suffix))?.platform;
  }

  byId(id: string): Platform | undefined {
    return this.byIdMap.get(id);
  }

  get platforms(): readonly Platform[] {
    return [...this.byIdMap.values()];
  }
}
