#!/usr/bin/env bash
# Scaffolds a workspace package: scripts/new-package.sh <dir> <name> [dep ...]
set -euo pipefail
dir=$1; name=$2; shift 2
mkdir -p "$dir/src"
deps=""; refs=""
for d in "$@"; do
  deps="$deps\"@takedown/$d\": \"workspace:*\","
  case $d in contracts) p=contracts;; *) if [ -d "packages/$d" ]; then p="packages/$d"; else p="services/$d"; fi;; esac
  rel=$(realpath --relative-to="$dir" "$p")
  refs="$refs{ \"path\": \"$rel\" },"
done
base=$(realpath --relative-to="$dir" tsconfig.base.json)
cat > "$dir/package.json" <<JSON
{
  "name": "@takedown/$name",
  "version": "0.1.0",
  "private": true,
  "type": "module",
  "exports": {
    ".": { "@takedown/source": "./src/index.ts", "types": "./dist/index.d.ts", "default": "./dist/index.js" }
  },
  "scripts": { "build": "tsc -b", "typecheck": "tsc -b", "test": "vitest run --root ../.. --dir $dir" },
  "dependencies": { ${deps%,} }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "$base",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"],
  "exclude": ["src/**/*.test.ts", "src/**/*.test-support.ts"],
  "references": [ ${refs%,} ]
}
JSON
[ -f "$dir/src/index.ts" ] || echo "export {};" > "$dir/src/index.ts"
