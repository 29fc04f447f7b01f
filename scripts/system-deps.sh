#!/usr/bin/env sh
# Installs, on Debian/Ubuntu, the system libraries PySide6 needs, a CJK font, Xvfb (for
# screenshots), Debian's real Fashion-MNIST files and desktop-file-validate (the tests check
# the desktop entry with it). Does nothing when all are present or
# when this is not a Debian-like system (then install the equivalents by hand).
set -eu
PKGS="libegl1 libgl1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
libxcb-render-util0 libxcb-image0 fonts-noto-cjk xvfb dataset-fashion-mnist desktop-file-utils"

command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || {
    echo "system-deps: not a Debian-like system; make sure Qt's libraries are installed" >&2
    exit 0
}
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "system-deps: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
