"""Piccolo tables of SPBE Registry (and nothing else: all logic lives in `registry/`)."""
