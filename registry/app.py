"""The Litestar application factory (`litestar --app registry.app:create_app run`)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.datastructures import MutableScopeHeaders, State
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from openapi_ui_bundles.swagger_ui import static_path as swagger_ui_path
from piccolo.engine.base import Engine

from registry import __version__, db
from registry.api.analysis import AnalysisController
from registry.api.audit import AssessmentController, AuditController, EvaluationController
from registry.api.changes import ChangeController
from registry.api.diagrams import DiagramController
from registry.api.errors import EXCEPTION_HANDLERS
from registry.api.instansi import InstansiController
from registry.api.io import ImportExportController
from registry.api.items import AllItemsController, ItemController
from registry.api.meta import MetaController
from registry.api.reference import ReferenceController
from registry.api.relationships import InstansiRelationshipController, RelationshipController
from registry.config import Settings, load_settings
from registry.seed import load_picklists
from registry.web.diagram_pages import InstansiPageController
from registry.web.pages import PageController

TEMPLATES = Path(__file__).parent / "web" / "templates"
# Swagger UI is served from the installed package, not a CDN: a Pemda intranet may have no
# internet access, and the API documentation must still work there.
SWAGGER_STATIC = "/static/swagger-ui"


def query_count_middleware(app: ASGIApp) -> ASGIApp:
    """Adds `X-Query-Count` to every response: the database queries the request ran."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        with db.count_queries() as counter:

            async def send_with_count(message: Message) -> None:
                if message["type"] == "http.response.start":
                    MutableScopeHeaders.from_message(message)["X-Query-Count"] = str(counter.count)
                await send(message)

            await app(scope, receive, send_with_count)

    return middleware


def create_app(
    settings: Settings | None = None, *, engine: Engine | None = None, pool: bool = True
) -> Litestar:
    """`pool=False` opens a connection per query (tests, whose client runs in another loop)."""
    settings = settings or load_settings()
    if engine is not None:
        db.use_engine(engine)
    else:
        db.configure(settings.database_url)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")

    async def startup() -> None:
        if pool:
            await db.start()

    async def shutdown() -> None:
        if pool:
            await db.stop()

    state: dict[str, Any] = {"settings": settings, "picklists": load_picklists(settings.seed_dir)}
    return Litestar(
        route_handlers=[
            PageController,
            create_static_files_router(
                path=SWAGGER_STATIC,
                directories=[Path(str(swagger_ui_path))],
                include_in_schema=False,
            ),
            MetaController,
            InstansiController,
            ItemController,
            AllItemsController,
            AuditController,
            AssessmentController,
            EvaluationController,
            InstansiRelationshipController,
            RelationshipController,
            ReferenceController,
            ChangeController,
            ImportExportController,
            AnalysisController,
            DiagramController,
            InstansiPageController,
        ],
        on_startup=[startup],
        on_shutdown=[shutdown],
        middleware=[query_count_middleware],
        exception_handlers=EXCEPTION_HANDLERS,
        openapi_config=OpenAPIConfig(
            title="SPBE Registry API",
            version=__version__,
            description=(
                "Registri arsitektur SPBE: instansi, item setiap jenis, relasi, referensi "
                "arsitektur dan riwayat perubahan. / A registry of SPBE architecture: governments, "
                "items of every kind, relationships, reference architecture and change history."
            ),
            path="/schema",
            render_plugins=[
                SwaggerRenderPlugin(
                    js_url=f"{SWAGGER_STATIC}/swagger-ui-bundle.js",
                    css_url=f"{SWAGGER_STATIC}/swagger-ui.css",
                    standalone_preset_js_url=f"{SWAGGER_STATIC}/swagger-ui-standalone-preset.js",
                )
            ],
        ),
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine),
        state=State(state),
        # an import upload may be as large as the import limit (plus multipart framing)
        request_max_body_size=settings.import_max_bytes + 65536,
    )
