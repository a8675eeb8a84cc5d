#!/usr/bin/env bash
# CI, second pass (issue 19): the GUI tests again, in a separate venv with the OLDEST supported
# PySide6 pinned by packaging/constraints-oldest.txt, so the lower bound in pyproject.toml is
# proven and not just written down.  Called by .ci/run after the main pass; self-contained.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
VENV=.venv-oldest
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q -e ".[test]" -c packaging/constraints-oldest.txt
want="$(sed -n 's/^PySide6-Essentials==//p' packaging/constraints-oldest.txt)"
got="$("$VENV/bin/python" -c 'import PySide6; print(PySide6.__version__)')"
echo "oldest-PySide6 pass: PySide6 $got (pinned $want), venv ready in $(( $(date +%s) - start )) s"
if [ "$got" != "$want" ]; then
  echo "oldest-PySide6 pass: installed PySide6 $got is not the pinned $want" >&2
  exit 1
fi
# Every test file that touches Qt (qtbot, qapp or a PySide6 import): the `gui`-marked tests and the
# Qt-level checks beside them (binding refcounts, input-method plugins, supported range).
mapfile -t select < <(grep -l -E 'qtbot|qapp|PySide6' tests/test_*.py)
set +e
"$VENV/bin/python" -m pytest -q -p no:cacheprovider "${select[@]}"
status=$?
set -e
echo "oldest-PySide6 pass: $(( $(date +%s) - start )) s in all"
if [ "$status" -eq 5 ]; then
  echo "oldest-PySide6 pass collected no tests: failing" >&2
  exit 1
fi
exit "$status"
