#!/usr/bin/env bash
# Install what hedui's PostgreSQL tests need: Debian's PostgreSQL server binaries (initdb, postgres
# under /usr/lib/postgresql/<version>/bin). The tests start their own throwaway server as the
# `postgres` user on a free port of 127.0.0.1, so the cluster the package creates is not used and
# need not run. Does nothing when the binaries are already present.
set -euo pipefail

if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    exit 0
fi

bash "$(dirname "$0")/apt-install.sh" postgresql
