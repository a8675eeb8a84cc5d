"""What every analysing sub-command sets up from its arguments: the lexicon, the kind, the analyser."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.analysis.analyzer import Analyzer
from core.analysis.kinds import UnknownKindError
from core.analysis.lexicon import get_lexicon
from core.analysis.settings import AnalysisSettings


def analyzer_from_args(args: argparse.Namespace) -> Analyzer | None:
    """The analyser for `--data-dir` and `--kind`; None (message on stderr) for an unknown kind."""
    data_dir = Path(args.data_dir) if args.data_dir else None
    lexicon = get_lexicon(str(data_dir)) if data_dir else get_lexicon()
    try:
        lexicon.kind(args.kind)
    except UnknownKindError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return None
    return Analyzer(lexicon, AnalysisSettings.load(data_dir))
