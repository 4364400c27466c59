#!/usr/bin/env bash
# The dashboard's browser test drives Debian's Chromium at /usr/bin/chromium (CHROMIUM_PATH overrides) and
# screenshots zh-CN pages, which need a Chinese font (the weekly pack's zh-CN PDF embeds it too); the PDF
# test reads the pack back with poppler's pdftotext. Install the distribution packages when they are
# missing; fail with a clear message when that is not possible.
set -uo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}

has_chinese_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null)" ]; }

packages=()
[ -x "$chromium" ] || packages+=(chromium)
has_chinese_font || packages+=(fonts-wqy-microhei)
command -v pdftotext >/dev/null 2>&1 || packages+=(poppler-utils)
[ ${#packages[@]} -eq 0 ] && exit 0

echo "Installing ${packages[*]} for the dashboard browser test (Chromium at $chromium, a Chinese font for zh-CN pages)"
sudo_prefix=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_prefix=(sudo)
  else
    echo "Installing ${packages[*]} needs root (or sudo): apt-get install -y --no-install-recommends ${packages[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get is not available: install Chromium at $chromium by hand for the dashboard browser test" >&2
  exit 1
fi

"${sudo_prefix[@]}" apt-get update -qq &&
  "${sudo_prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"

if [ ! -x "$chromium" ]; then
  echo "Chromium could not be installed at $chromium; the dashboard browser test needs it" >&2
  exit 1
fi
echo "Chromium ready: $("$chromium" --version 2>/dev/null || echo "$chromium")"
# A missing font only makes zh-CN screenshots show boxes for Chinese text; the test itself still runs.
has_chinese_font || echo "No Chinese font could be installed: zh-CN screenshots will show boxes" >&2
exit 0
