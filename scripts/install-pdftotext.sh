#!/usr/bin/env bash
# Install what the PDF report's layout tests read the PDF with: Debian's poppler-utils (pdftotext).
# tests/reports/test_layout.py checks the printed report's text (no server path, local times, no
# header broken mid-word); without pdftotext those checks skip, so `make test` installs it. Does
# nothing when pdftotext is already there.
set -euo pipefail

if command -v pdftotext >/dev/null 2>&1; then
    exit 0
fi

bash "$(dirname "$0")/apt-install.sh" poppler-utils
