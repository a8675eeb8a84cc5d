"""述职助手 core: pure Python (no Qt) model, analysis, storage and import/export."""

__version__ = "0.1.0"
