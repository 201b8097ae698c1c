"""SPBE Registry: the SPBE architecture of Indonesian governments as a registry and a graph."""

import os

os.environ.setdefault("PICCOLO_CONF", "registry.piccolo_conf")

__version__ = "0.1.0"
