import { runAuditCli } from "./audit-cli.js";

// Thin entry until `takedown audit …` wires runAuditCli: node packages/audit-tools/dist/cli.js verify
const code = await runAuditCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
process.exitCode = code;
