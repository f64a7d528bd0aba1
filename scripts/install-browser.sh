#!/usr/bin/env bash
# Install what hedui's browser tests need: Debian's Chromium (driven by Playwright through
# executable_path, so no browser download from Playwright's own servers). The Noto CJK fonts that
# make Chinese text render in screenshots come from scripts/install-fonts.sh (`make fonts`).
# Does nothing when Chromium is already present.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
