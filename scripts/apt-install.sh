#!/usr/bin/env bash
# Install Debian packages without recommends, as root or through sudo: what the install-*.sh
# scripts share (each first checks whether its tool is already there).
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
else
    SUDO=
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
