#!/usr/bin/env bash
# Installs Duplex for the current user on a freedesktop (Linux/BSD) desktop:
# the binary in ~/.local/bin, the launcher entry, icon and AppStream metadata
# in ~/.local/share (or $XDG_DATA_HOME), and registers Duplex as the handler
# of simplex: links (xdg-mime), so clicking one in a browser opens it in
# Duplex — in the window already running, if there is one.
#
#   scripts/install-desktop.sh              build bin/duplex if missing, install it
#   scripts/install-desktop.sh --binary F   install F as the duplex binary
#   scripts/install-desktop.sh --uninstall  remove what an install put there
#
# Nothing outside the user's home is touched; no root needed.
set -euo pipefail
cd "$(dirname "$0")/.."

id=im.duplex.desktop
data="${XDG_DATA_HOME:-$HOME/.local/share}"
bindir="$HOME/.local/bin"
app="$data/applications/$id.desktop"
icon="$data/icons/hicolor/256x256/apps/$id.png"
meta="$data/metainfo/$id.metainfo.xml"
exe="$bindir/duplex"

binary=""
uninstall=false
while (($#)); do
  case "$1" in
    --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
    --uninstall) uninstall=true; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-desktop: unknown argument $1" >&2; exit 2 ;;
  esac
done

refresh() {
  # Caches some desktops read; harmless when the tools are absent.
  if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$data/applications" || true; fi
  if command -v gtk-update-icon-cache >/dev/null; then gtk-update-icon-cache -q -t "$data/icons/hicolor" 2>/dev/null || true; fi
}

if $uninstall; then
  rm -f "$app" "$icon" "$meta" "$exe"
  refresh
  echo "install-desktop: removed Duplex from $data and $bindir (your data folder is kept)"
  exit 0
fi

if [[ -z "$binary" ]]; then
  binary=bin/duplex
  if [[ ! -x "$binary" ]]; then
    echo "install-desktop: building $binary"
    go build -o "$binary" .
  fi
fi
[[ -x "$binary" ]] || { echo "install-desktop: $binary is not an executable" >&2; exit 1; }

mkdir -p "$bindir" "$(dirname "$app")" "$(dirname "$icon")" "$(dirname "$meta")"
install -m 0755 "$binary" "$exe.tmp" && mv -f "$exe.tmp" "$exe"
install -m 0644 resources/icon.png "$icon"
install -m 0644 "packaging/linux/$id.metainfo.xml" "$meta"
# Exec gets the absolute path: ~/.local/bin is not on every session's PATH.
sed "s|^Exec=duplex |Exec=$exe |" "packaging/linux/$id.desktop" > "$app.tmp"
chmod 0644 "$app.tmp" && mv -f "$app.tmp" "$app"
if command -v desktop-file-validate >/dev/null; then desktop-file-validate "$app"; fi
refresh

if command -v xdg-mime >/dev/null; then
  xdg-mime default "$id.desktop" x-scheme-handler/simplex
  echo "install-desktop: simplex: links now open in Duplex ($(xdg-mime query default x-scheme-handler/simplex))"
else
  echo "install-desktop: xdg-mime not found (Debian: xdg-utils); simplex: links are not registered" >&2
fi
echo "install-desktop: installed $exe and the Duplex launcher in $data"
