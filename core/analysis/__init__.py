"""The analyser: rules over a parsed Document, findings, checklist, lexicon and settings."""
