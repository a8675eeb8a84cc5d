#!/usr/bin/env bash
# Build, smoke-test and pack the Linux bundle of 述职助手 on THIS machine, for desks whose glibc
# is at least this machine's (统信 UOS 20: 2.28; 银河麒麟 V10: 2.31).  Run it on the oldest system
# you must support: a Debian 10 (x86_64) or Debian 11 (arm64) machine or container — see
# packaging/build_linux_docker.sh — or a UOS / 麒麟 machine itself.
#
#   packaging/build_linux_release.sh [OUT_DIR]        (default: dist)
#
# Needs: Python 3.11+ built with a shared libpython (PyInstaller needs it; the official
# python:3.11 Docker images and distribution Pythons have it), network to PyPI, binutils.
# pip picks the newest PySide6 wheel this glibc can run (x86_64 glibc 2.28: 6.9.3; arm64 glibc
# 2.31: 6.8.0.2); pyproject.toml's range (>=6.8.0.2) is what the project tests.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(realpath -m "${1:-$ROOT/dist}")"
PY="${PYTHON:-python3}"
machine="$(uname -m)"
glibc="$(getconf GNU_LIBC_VERSION | cut -d' ' -f2)"
echo "构建机：$machine，glibc $glibc，$("$PY" --version)"
if ! "$PY" -c 'import sys, sysconfig; sys.exit(0 if sys.version_info >= (3, 11) and sysconfig.get_config_var("Py_ENABLE_SHARED") else 1)'; then
  echo "需要 Python 3.11 或更新，且带共享库 libpython（--enable-shared）：$PY 不满足。" >&2
  exit 2
fi
BUILD_VENV="${BUILD_VENV:-$ROOT/build/release-venv}"
rm -rf "$BUILD_VENV"
"$PY" -m venv "$BUILD_VENV"
"$BUILD_VENV/bin/pip" install -q --upgrade pip
"$BUILD_VENV/bin/pip" install -q "$ROOT" pyinstaller
qt="$("$BUILD_VENV/bin/python" -c 'import PySide6; print(PySide6.__version__)')"
echo "PySide6 $qt"

PYTHON="$BUILD_VENV/bin/python" bash "$ROOT/packaging/build_bundle.sh" "$OUT" "$ROOT/build/pyinstaller"
BUNDLE="$OUT/Shuzhi"
grep -q "\"glibc\": \"$glibc\"" "$BUNDLE/_internal/build_info.json" || { echo "build_info.json 未记录 glibc $glibc" >&2; exit 1; }

# Smoke test from a copy outside the source tree, with a throw-away data folder.
check="$(mktemp -d)"
trap 'rm -rf "$check"' EXIT
cp -a "$BUNDLE" "$check/Shuzhi"
export SHUZHI_DATA_DIR="$check/data" QT_QPA_PLATFORM=offscreen
"$check/Shuzhi/shuzhi-check" --version
"$check/Shuzhi/Shuzhi" --smoke
set +e
"$check/Shuzhi/shuzhi-check" check "$check/Shuzhi/_internal/resources/demo_report.txt" > /dev/null
rc=$?
set -e
[ "$rc" -le 1 ] || { echo "shuzhi-check check 失败（退出码 $rc）" >&2; exit 1; }

archive="$OUT/Shuzhi-$("$PY" "$ROOT/packaging/version_info.py" --version)-linux-$machine-glibc$glibc.tar.gz"
tar -C "$OUT" -czf "$archive" Shuzhi
echo "已生成 $archive：可在 $machine、glibc $glibc 或更新的系统上运行（PySide6 $qt）"
