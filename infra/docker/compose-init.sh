#!/bin/sh
# The one-shot init container of docker-compose.yml, the steps `takedown up` (packages/cli,
# pipeline-up.ts) takes between starting the servers and starting the services, in its order:
# buckets, topics, the platforms' and services' SCRAM users and ACLs (`takedown topics apply`
# creates the users over the admin connection and writes the services' passwords to
# TAKEDOWN_DATA_DIR/service-credentials.json), then the portal's intake keys and auditor key.
# Idempotent.
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
// As takedown up: evidence holds personal data that must stay erasable, so no Object Lock there.
for (const [bucket, objectLock] of [[env.S3_BUCKET_EVIDENCE ?? "takedown-evidence", false], [env.S3_BUCKET_AUDIT ?? "takedown-audit", true]]) {
  const state = await ensureBucket(s3, bucket, { objectLock });
  console.log(`[init] bucket ${bucket}${state.created ? " created" : ""}${state.objectLock ? " (Object Lock)" : " (no Object Lock)"}`);
}
s3.destroy();
'
node dist/main.js topics apply
node --input-type=module -e '
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseConfigFile } from "@takedown/config";
import { ensurePortalAuditorKey, ensurePortalIntakeKeys } from "@takedown/local-keys";
const file = join(process.env.TAKEDOWN_CONFIG_DIR, "organs.yaml");
const registry = parseConfigFile("organs.yaml", await readFile(file, "utf8"), file);
const keys = await ensurePortalIntakeKeys({
  registry,
  dataDir: process.env.TAKEDOWN_DATA_DIR,
  ...(process.env.PORTAL_INTAKE_KEYS_FILE ? { path: process.env.PORTAL_INTAKE_KEYS_FILE } : {}),
});
console.log(`[init] portal intake keys: ${keys.created.length} created (${keys.path})`);
// The portal reads the audit log for its auditor accounts with a key of its own.
const auditorKey = await ensurePortalAuditorKey({
  dataDir: process.env.TAKEDOWN_DATA_DIR,
  ...(process.env.PORTAL_AUDIT_KEY_FILE ? { path: process.env.PORTAL_AUDIT_KEY_FILE } : {}),
});
console.log(`[init] portal auditor key${auditorKey.created ? " created" : ""} (${auditorKey.path})`);
'
