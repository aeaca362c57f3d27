#!/bin/sh
# The one-shot init container of docker-compose.yml, the steps `takedown up` (packages/cli,
# pipeline-up.ts) takes between starting the servers and starting the services, in its order:
# buckets, topics, the platforms' and services' SCRAM users and ACLs (`takedown topics apply`
# creates the users over the admin connection and writes the services' passwords to
# TAKEDOWN_DATA_DIR/service-credentials.json), then the portal's intake keys. Idempotent.
set -eu
cd /app/packages/cli
# Run from packages/cli so that the workspace packages resolve, as they do for the CLI.
node --input-type=module -e '
import { createS3Client, ensureBucket } from "@takedown/s3";
const env = process.env;
const s3 = createS3Client({
  endpoint: env.S3_ENDPOINT,
  region: env.S3_REGION ?? "us-east-1",
  accessKeyId: env.S3_ACCESS_KEY_ID,
  secretAccessKey: env.S3_SECRET_ACCESS_KEY,
});
for (const bucket of [env.S3_BUCKET_EVIDENCE ?? "takedown-evidence", env.S3_BUCKET_AUDIT ?? "takedown-audit"]) {
  const state = await ensureBucket(s3, bucket, { objectLock: true });
  console.log(`[init] bucket ${bucket}${state.created ? " created" : ""}${state.objectLock ? " (Object Lock)" : " (no Object Lock)"}`);
}
s3.destroy();
'
node dist/main.js topics apply
node --input-type=module -e '
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile } from "@takedown/config";
import { ensurePortalIntakeKeys } from "@takedown/local-keys";
const file = join(process.env.TAKEDOWN_CONFIG_DIR, "organs.yaml");
const registry = parseConfigFile("organs.yaml", await readFile(file, "utf8"), file);
const keys = await ensurePortalIntakeKeys({
  registry,
  dataDir: process.env.TAKEDOWN_DATA_DIR,
  ...(process.env.PORTAL_INTAKE_KEYS_FILE ? { path: process.env.PORTAL_INTAKE_KEYS_FILE } : {}),
});
console.log(`[init] portal intake keys: ${keys.created.length} created (${keys.path})`);
'
