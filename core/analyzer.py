"""Stable entry point of DESIGN 4.5 (`core.analyzer.analyze`); the engine lives in core.analysis."""

from core.analysis.analyzer import Analyzer, CompareDoc, analyze, default_analyzer
from core.analysis.findings import Finding, Report

__all__ = ["Analyzer", "CompareDoc", "Finding", "Report", "analyze", "default_analyzer"]
