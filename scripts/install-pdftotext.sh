#!/usr/bin/env bash
# Install what the PDF report's layout tests read the PDF with: Debian's poppler-utils (pdftotext).
# tests/reports/test_layout.py checks the printed report's text (no server path, local times, no
# header broken mid-word); without pdftotext those checks skip, so `make test` installs it. Does
# nothing when pdftotext is already there.
set -euo pipefail

if command -v pdftotext >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null
