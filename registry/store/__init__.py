"""The store: the only code that reads and writes tables.

Every write validates against the meta-model, runs in one transaction and appends to the change
log. Errors are the `registry.errors` hierarchy.
"""

from registry.store.bulk import (
    Bundle,
    ImportFailed,
    ImportOptions,
    ImportReport,
    ItemRecord,
    RelationshipRecord,
    import_bundle,
)
from registry.store.changes import ChangeQuery, list_changes
from registry.store.instansi import (
    create_instansi,
    get_instansi,
    list_instansi,
    set_instansi_deleted,
    update_instansi,
)
from registry.store.items import (
    ItemQuery,
    create_item,
    delete_item,
    get_item,
    list_items,
    restore_item,
    update_item,
)
from registry.store.reference import (
    FrameworkRecord,
    NodeRecord,
    get_node,
    list_frameworks,
    list_nodes,
    load_framework,
)
from registry.store.relationships import (
    RelationshipQuery,
    create_relationship,
    get_relationship,
    list_relationships,
    set_relationship_deleted,
    update_relationship,
)

__all__ = [
    "Bundle",
    "ChangeQuery",
    "FrameworkRecord",
    "ImportFailed",
    "ImportOptions",
    "ImportReport",
    "ItemQuery",
    "ItemRecord",
    "NodeRecord",
    "RelationshipQuery",
    "RelationshipRecord",
    "create_instansi",
    "create_item",
    "create_relationship",
    "delete_item",
    "get_instansi",
    "get_item",
    "get_node",
    "get_relationship",
    "import_bundle",
    "list_changes",
    "list_frameworks",
    "list_instansi",
    "list_items",
    "list_nodes",
    "list_relationships",
    "load_framework",
    "restore_item",
    "set_instansi_deleted",
    "set_relationship_deleted",
    "update_instansi",
    "update_item",
    "update_relationship",
]
