#!/bin/sh
# Install the optional system packages perfkit uses:
#   chromium       prints HTML reports to PDF and runs the browser check
#   fonts-noto-cjk lets charts and PDFs show Chinese text
#   fonts-dejavu-core gives English pages Latin letters and punctuation (without a Latin
#                  font the CJK font draws “quotes” full-width; usually already present)
# Without them perfkit still runs: reports are HTML only and Chinese chart
# labels fall back to boxes (a warning says so).
PKGS="chromium fonts-noto-cjk fonts-dejavu-core"
missing=""
command -v chromium >/dev/null 2>&1 || missing=" chromium"
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$missing fonts-noto-cjk"
fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing="$missing fonts-dejavu-core"
[ -z "$missing" ] && { echo "system packages: present ($PKGS)"; exit 0; }
if ! command -v apt-get >/dev/null 2>&1; then
  echo "NOTE: apt-get not found; install$missing yourself for PDF output and Chinese charts (optional)."
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "system packages: installing$missing (apt-get) ..."
if $SUDO apt-get update -qq >/dev/null && \
   DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
  echo "system packages: installed$missing"
else
  echo "NOTE: could not install$missing; PDF output and Chinese chart fonts are unavailable (optional)."
fi
exit 0
