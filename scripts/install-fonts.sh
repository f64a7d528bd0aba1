#!/usr/bin/env bash
# Install the Noto CJK fonts that hedui's charts and PDF report need (Debian's fonts-noto-cjk, by
# apt-get). Does nothing when the font is already there. `make test` and `make demo` both run it.
#
# --optional (make demo): never fail. Without apt-get, without root or password-less sudo, or when
# the install fails, say so in Chinese and English and exit 0: the demo goes on and only its PDF
# report is skipped (hedui prints why).
set -uo pipefail

optional=false
[ "${1:-}" = "--optional" ] && optional=true

# The file hedui looks for first (hedui/reports/fonts.py), or any Noto Sans CJK fontconfig knows.
font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
if [ -f "$font" ] || fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    exit 0
fi

give_up() {
    if $optional; then
        echo "未能安装中文字体 fonts-noto-cjk（$1）；示例照常运行，只跳过 PDF 月报。" \
             "/ could not install the CJK font fonts-noto-cjk ($1); the demo goes on without its PDF report." >&2
        exit 0
    fi
    echo "install-fonts: $1" >&2
    exit 1
}

command -v apt-get >/dev/null 2>&1 || give_up "没有 apt-get / no apt-get on this machine"
if [ "$(id -u)" -eq 0 ]; then
    run=()
elif $optional; then
    # Never stop the demo at a password prompt.
    sudo -n true 2>/dev/null || give_up "需要 root 或免密码 sudo / needs root or password-less sudo"
    run=(sudo -n)
else
    run=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
echo "安装中文字体 installing fonts-noto-cjk (apt-get) ..." >&2
"${run[@]}" apt-get update -qq || give_up "apt-get update 失败 / apt-get update failed"
"${run[@]}" apt-get install -y -qq --no-install-recommends fonts-noto-cjk fontconfig >/dev/null \
    || give_up "apt-get install 失败 / apt-get install failed"
