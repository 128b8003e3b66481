#!/usr/bin/env bash
# Installs what the browser tests need: Debian's Chromium and a CJK font (Chinese renders as boxes
# without one). Playwright's own browser download cannot work here, so tests drive the system one.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "wenquanyi\|wqy\|noto sans cjk" || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: please install Chromium and a CJK font (missing: ${need[*]}); set GUIDE_CHROMIUM to its path" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-browser: installing ${need[*]} with apt-get"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" fontconfig >/dev/null
