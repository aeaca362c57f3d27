export { startPipeline, pipelineServices } from "./pipeline-up.js";
export type { PipelineUpOptions } from "./pipeline-up.js";
export { runTopicsApply } from "./topics-apply.js";
export { localEnvironment, parseEnvFile } from "./local-environment.js";
