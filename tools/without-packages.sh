#!/usr/bin/env bash
# Runs a command as on a machine without some system packages: their library files are hidden in a
# mount namespace of its own (an overlay with whiteouts over /lib/x86_64-linux-gnu, and an ld cache
# rebuilt without them). Needs root (or unshare's user namespaces) and Debian's multiarch layout.
#   tools/without-packages.sh libpulse0 libxcb-icccm4 -- .venv/bin/pytest
# With no package named, it hides everything the README does not list for the tests: sound, speech
# and the X11 libraries.
set -euo pipefail
if [ "${1:-}" != "--inside" ]; then
  packages=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do packages+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || { echo "usage: $0 [PACKAGE...] -- COMMAND..." >&2; exit 2; }
  if [ ${#packages[@]} -eq 0 ]; then
    packages=(libpulse0 libsndfile1 libasyncns0 libspeechd2 libxcb-cursor0 libxcb-icccm4 libxcb-image0
              libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
              libxkbcommon-x11-0)
  fi
  files=()
  for p in "${packages[@]}"; do
    while read -r f; do
      case "$f" in /lib/x86_64-linux-gnu/*.so*|/usr/lib/x86_64-linux-gnu/*.so*) files+=("$(basename "$f")");; esac
    done < <(dpkg -L "$p" 2>/dev/null || true)
  done
  [ ${#files[@]} -gt 0 ] || { echo "none of those packages is installed: nothing to hide" >&2; exit 2; }
  echo "hiding: ${files[*]}" >&2
  scratch=$(mktemp -d)
  trap 'rmdir "$scratch"' EXIT
  unshare -m --propagation private "$0" --inside "$scratch" "${files[*]}" "$@"
  exit
fi
shift
scratch=$1 hide=$2; shift 2
lib=/usr/lib/x86_64-linux-gnu
mount -t tmpfs tmpfs "$scratch"
mkdir "$scratch/upper" "$scratch/work"
for f in $hide; do mknod "$scratch/upper/$f" c 0 0; done
mount -t overlay overlay -o "lowerdir=$lib,upperdir=$scratch/upper,workdir=$scratch/work" "$lib"
ldconfig -C "$scratch/ld.so.cache" 2>/dev/null || true
mount --bind "$scratch/ld.so.cache" /etc/ld.so.cache
exec "$@"
