"""述职助手 user interface (PySide6 only; all analysis lives in core/)."""
