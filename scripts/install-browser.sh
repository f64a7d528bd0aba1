#!/usr/bin/env bash
# Install what hedui's browser tests need: Debian's Chromium (driven by Playwright through
# executable_path, so no browser download from Playwright's own servers). The Noto CJK fonts that
# make Chinese text render in screenshots come from scripts/install-fonts.sh (`make fonts`).
# Does nothing when Chromium is already present.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

bash "$(dirname "$0")/apt-install.sh" chromium
