import type { TakedownEvent, TakedownEventOf } from "./takedown-event.js";
import type { EventTypesOn, TopicName } from "./topics.js";

/**
 * One handler per event type of a topic: `const handlers: HandlersFor<"takedown.cases.v1"> = …`
 * does not compile until every event type of that topic is handled.
 */
export type HandlersFor<Topic extends TopicName, Context = void, Result = void | Promise<void>> = {
  readonly [T in EventTypesOn<Topic>]: (event: TakedownEvent<T>, context: Context) => Result;
};

/** Calls the handler for the event's type. */
export function dispatchEvent<Topic extends TopicName, Context, Result>(
  handlers: HandlersFor<Topic, Context, Result>,
  event: TakedownEventOf<EventTypesOn<Topic>>,
  context: Context,
): Result {
  const handler = (handlers as Record<string, (e: unknown, c: Context) => Result>)[event.type];
  if (handler === undefined) throw new TypeError(`no handler for event type ${event.type}`);
  return handler(event, context);
}
