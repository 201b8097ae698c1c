"""Piccolo's configuration module (PICCOLO_CONF=registry.piccolo_conf).

The engine is the one `registry.db` holds (from SPBE_DATABASE_URL unless the CLI or the tests chose
another), so migrations and queries always share one engine.
"""

from piccolo.conf.apps import AppRegistry

from registry import db

DB = db.engine()

APP_REGISTRY = AppRegistry(apps=["models.piccolo_app"])
