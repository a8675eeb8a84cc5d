#!/usr/bin/env bash
# Build the one-folder bundle of 述职助手 with PyInstaller (Linux; Windows: build_bundle.ps1).
#
#   packaging/build_bundle.sh [DIST_DIR] [WORK_DIR]
#
# DIST_DIR (default: dist) receives Shuzhi/ with the programs Shuzhi and shuzhi-check;
# WORK_DIR (default: build/pyinstaller) holds PyInstaller's intermediate files.
# The Python used is $PYTHON (default: python3); it needs the app's dependencies and
# PyInstaller:  $PYTHON -m pip install . pyinstaller
# Set SHUZHI_ZIP=1 to also write DIST_DIR/Shuzhi-<version>-linux-<machine>-glibc<version>.tar.gz.
# The bundle runs only on a glibc at least the build machine's (recorded in _internal/build_info.json
# and checked at start): for UOS / 麒麟 build on an old system, see packaging/build_linux_release.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
DIST="$(realpath -m "${1:-$ROOT/dist}")"
WORK="$(realpath -m "${2:-$ROOT/build/pyinstaller}")"
export PYTHONDONTWRITEBYTECODE=1  # leave no __pycache__ in the source folder

if ! "$PYTHON" -c "import PyInstaller, PySide6, jieba, docx" 2>/dev/null; then
  echo "缺少构建所需的包。请先执行：$PYTHON -m pip install . pyinstaller" >&2
  exit 2
fi

cd "$ROOT"
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/shuzhi.spec
BUNDLE="$DIST/Shuzhi"
cp LICENSE "$BUNDLE/LICENSE.txt"
cp packaging/bundle_readme.txt "$BUNDLE/README.txt"

version="$("$PYTHON" packaging/version_info.py --version)"
size="$(du -sh "$BUNDLE" | cut -f1)"
echo "已生成 $BUNDLE（版本 $version，$size，用时 $(( $(date +%s) - start )) 秒）"
if [ "${SHUZHI_ZIP:-0}" = "1" ]; then
  glibc="$(getconf GNU_LIBC_VERSION | cut -d' ' -f2)"
  archive="$DIST/Shuzhi-$version-linux-$(uname -m)-glibc$glibc.tar.gz"
  tar -C "$DIST" -czf "$archive" Shuzhi
  echo "已打包 $archive"
fi
