#!/usr/bin/env bash
# Installs the Debian packages the test suites need (servers started by the
# tests themselves on 127.0.0.1), only when missing.
set -euo pipefail
need=()
# "command:debian-package" pairs; suites that start real servers add theirs here.
REQUIRED="script:bsdutils"
for pair in $REQUIRED; do
  bin=${pair%%:*}; pkg=${pair##*:}
  command -v "$bin" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
