#!/usr/bin/env bash
# Installs the Debian packages the test suites need (servers started by the
# tests themselves on 127.0.0.1), only when missing.
set -euo pipefail
need=()
# "check:debian-package" pairs: a command on PATH, or an absolute path glob.
# script: TTY tests; redis-server: workflow/web scale-out; postgresql: web/workflow
# storage; chromium: the web admin dashboard's browser test.
REQUIRED="script:bsdutils redis-server:redis-server /usr/lib/postgresql/*/bin/initdb:postgresql chromium:chromium"
for pair in $REQUIRED; do
  check=${pair%%:*}; pkg=${pair##*:}
  if [[ $check == /* ]]; then
    compgen -G "$check" >/dev/null || need+=("$pkg")
  else
    command -v "$check" >/dev/null 2>&1 || need+=("$pkg")
  fi
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
