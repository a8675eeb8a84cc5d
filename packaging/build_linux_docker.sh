#!/usr/bin/env bash
# Build the Linux bundle for old-glibc desks in a container, on a build machine with Docker and
# network (Docker Hub, Debian's archive, PyPI):
#
#   packaging/build_linux_docker.sh x86_64   # Debian 10, glibc 2.28: runs on UOS 20, 麒麟 V10 …
#   packaging/build_linux_docker.sh arm64    # Debian 11, glibc 2.31: runs on 麒麟 V10 (飞腾/鲲鹏) …
#
# arm64 on an x86_64 machine needs QEMU emulation (docker run --privileged --rm tonistiigi/binfmt
# --install arm64) and takes much longer; a native arm64 build machine is faster.  The result is
# dist/Shuzhi-<version>-linux-<machine>-glibc<version>.tar.gz (packaging/build_linux_release.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-}" in
  x86_64|amd64) platform=linux/amd64; base=python:3.11-slim-buster ;;    # glibc 2.28
  arm64|aarch64) platform=linux/arm64; base=python:3.11-slim-bullseye ;; # glibc 2.31: PySide6 has no aarch64 wheel for 2.28
  *) echo "用法：$0 x86_64|arm64" >&2; exit 2 ;;
esac
tag="shuzhi-build:${base##*:}-${platform#linux/}"
docker build --platform "$platform" --build-arg BASE="$base" -t "$tag" -f "$ROOT/packaging/linux/Dockerfile" "$ROOT/packaging/linux"
mkdir -p "$ROOT/dist"
# The source is mounted read-only and copied inside, so nothing in it is written as root.
docker run --rm --platform "$platform" -v "$ROOT:/src:ro" -v "$ROOT/dist:/out" "$tag" \
  bash -c 'cp -a /src /build && cd /build && rm -rf build dist .venv* && packaging/build_linux_release.sh /build/dist \
           && cp /build/dist/*.tar.gz /out/ && chown "$(stat -c %u:%g /out)" /out/*.tar.gz'
ls -l "$ROOT"/dist/Shuzhi-*-linux-*.tar.gz
