"""Importers and exporters: tabular (CSV, XLSX), YAML, ArchiMate, Backstage, Denpasar."""

from registry.io import messages as _messages  # noqa: F401  (registers the io messages)
