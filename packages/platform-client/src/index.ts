export { applyPlatformAccessStep } from "./platform-access-step.js";
export type { PlatformAccessStepOptions } from "./platform-access-step.js";
export { PlatformCredentialStore } from "./platform-credential-store.js";
export type { PlatformCredentials } from "./platform-credential-store.js";
export { listenAsPlatform } from "./platform-listener.js";
export type { PlatformListenOptions } from "./platform-listener.js";
export { respondAsPlatform } from "./platform-responder.js";
export type { PlatformRespondOptions } from "./platform-responder.js";
