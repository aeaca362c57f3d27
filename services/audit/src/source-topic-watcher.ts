import { TopicAdmin, type Kafka } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";

export interface SourceTopicWatcherOptions {
  kafka: Kafka;
  patterns: readonly (string | RegExp)[];
  intervalMs: number;
  logger: Logger;
  onNewTopics: (topics: string[]) => Promise<void>;
}

/**
 * kafkajs resolves a RegExp subscription once, when subscribing (consumer/index.js), so a
 * platform topic created later would never be read. This watcher lists topics periodically and
 * reports when the set matching the patterns grows; the appender then re-subscribes.
 */
export class SourceTopicWatcher {
  readonly #options: SourceTopicWatcherOptions;
  #admin: TopicAdmin | undefined;
  #known = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;

  constructor(options: SourceTopicWatcherOptions) {
    this.#options = options;
  }

  /** Lists the topics there are now; call before subscribing, so none created meanwhile is missed. */
  async prime(): Promise<void> {
    const admin = new TopicAdmin(this.#options.kafka);
    await admin.start();
    this.#admin = admin;
    this.#known = new Set(await this.#matchingTopics());
  }

  /** Starts polling; topics that appeared since prime() are reported at the first poll. */
  start(): void {
    this.#timer = setInterval(() => {
      this.#polling ??= this.#poll().finally(() => (this.#polling = undefined));
    }, this.#options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#polling;
    await this.#admin?.stop();
    this.#admin = undefined;
  }

  async #poll(): Promise<void> {
    try {
      const topics = await this.#matchingTopics();
      const added = topics.filter((topic) => !this.#known.has(topic));
      if (added.length === 0) return;
      this.#options.logger.info({ topics: added }, "new pipeline topics");
      await this.#options.onNewTopics(added);
      for (const topic of added) this.#known.add(topic);
    } catch (error) {
      this.#options.logger.warn({ err: error }, "topic listing failed; will retry");
    }
  }

  async #matchingTopics(): Promise<string[]> {
    const topics = (await this.#admin?.listTopics()) ?? [];
    return topics.filter((topic) =>
      this.#options.patterns.some((pattern) =>
        typeof pattern === "string" ? pattern === topic : pattern.test(topic),
      ),
    );
  }
}
