"""The Open Group ArchiMate Open Exchange Format (3.1): export a government as a model with a
view, and import 3.x and 2.1 exchange files.

Export: every item becomes an element of the ArchiMate type its kind maps to (`ELEMENT_TYPES`),
every relationship the ArchiMate relationship its type prefers (`RELATIONSHIP_TYPES`), taking
the first preference the ArchiMate relationship table (`relationships.xml`) allows between the
two element types and Association otherwise; ownership is an `owns` relationship. SPBE details
travel as properties (`spbe:ref`, `spbe:kind`, `spbe:status`, `spbe:reference_codes`, one
property per attribute, `custom.<name>` for custom attributes, `spbe:type` on relationships),
so importing an export gives the same registry back. Items of other governments that
relationships point at are included as elements, and stay references on import. One view per
government shows every item in layer rows. Identifiers are derived from keys, so the same data
gives the same file.

Import: a model written by SPBE Registry is read through its properties; any other model is
mapped by element type (`FOREIGN_KINDS`) and relationship type (`FOREIGN_RELATIONSHIPS`), and
what has no SPBE equivalent is skipped and reported as a warning. 3.x files are validated
against the official schema first; 2.1 files (namespace without version, ArchiMate 2 type names
such as UsedBy) are read leniently.
"""

from __future__ import annotations

import hashlib
import io
import os
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

from registry import metamodel as mm
from registry.config import PROJECT_ROOT
from registry.errors import FieldError, Invalid, RegistryError
from registry.io.cells import (
    CUSTOM_PREFIX,
    attribute_from_text,
    attribute_to_text,
    codes_to_text,
    custom_from_text,
    custom_to_text,
)
from registry.io.government import Government, item_sort_key
from registry.store.bulk import Bundle, ItemRecord, RelationshipRecord

NS3 = "http://www.opengroup.org/xsd/archimate/3.0/"
NS2 = "http://www.opengroup.org/xsd/archimate"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{NS3} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
LANG = "id"
FORMAT = "spbe-registry/1"

# The Open Group's exchange schemas and Archi's allowed-relationship table (archimatetool/archi,
# MIT): not shipped with SPBE Registry; SPBE_ARCHIMATE_DIR names their folder, else the project's
# development data beside the checkout.
SCHEMA_FILES = (
    "archimate3_Diagram.xsd",
    "archimate3_Model.xsd",
    "archimate3_View.xsd",
    "dc.xsd",
    "xml.xsd",
    "relationships.xml",
)


def schema_dirs() -> list[Path]:
    configured = os.environ.get("SPBE_ARCHIMATE_DIR")
    dirs = [Path(configured)] if configured else []
    return [*dirs, PROJECT_ROOT.parent / "shared" / "data" / "archimate"]


def available() -> bool:
    """Whether the schemas and the relationship table are installed here."""
    return any(all((d / f).exists() for f in SCHEMA_FILES) for d in schema_dirs())


class Unavailable(RegistryError):
    """A file the ArchiMate exchange needs is missing on this installation."""

    status = 503
    error = "unavailable"
    summary = ("Skema ArchiMate tidak tersedia", "ArchiMate schemas are not available")


ELEMENT_TYPES: dict[str, str] = {
    "unit": "BusinessActor",
    "process": "BusinessProcess",
    "service": "BusinessService",  # ApplicationService when the service is online
    "dataset": "DataObject",
    "data_store": "Artifact",
    "application": "ApplicationComponent",
    "interface": "ApplicationInterface",
    "data_centre": "Facility",
    "cloud": "Node",
    "server": "Device",  # Node when the server is virtual
    "storage": "Device",
    "network_device": "Device",
    "security_device": "Device",
    "peripheral": "Device",
    "platform_software": "SystemSoftware",
    "intranet": "CommunicationNetwork",
    "spl": "SystemSoftware",
    "security": "Requirement",
}

# SPBE relationship -> ArchiMate preferences: (type, reversed, accessType); the first one the
# ArchiMate table allows between the two element types wins, Association otherwise.
Pref = tuple[str, bool, str | None]
RELATIONSHIP_TYPES: dict[str, tuple[Pref, ...]] = {
    "owns": (("Assignment", False, None),),
    "operates": (("Assignment", False, None),),
    "develops": (),
    "uses": (("Serving", True, None),),
    "produces": (("Access", False, "Write"),),
    "is_walidata_of": (),
    "supports": (("Serving", False, None),),
    "realises": (("Realization", False, None),),
    "part_of": (("Aggregation", True, None),),
    "reads": (("Access", False, "Read"),),
    "writes": (("Access", False, "Write"),),
    "source_of_truth_for": (),
    "requires": (("Access", False, "Read"),),
    "stored_in": (("Realization", True, None),),
    "hosted_on": (("Serving", True, None), ("Assignment", True, None)),
    "connected_via": (),
    "integrates_with": (("Flow", False, None),),
    "provides": (("Composition", False, None),),
    "consumes": (("Serving", True, None),),
    "exposes_api_on": (),
    "secured_by": (),
    "audited_by": (),
    "replicated_from": (),
    "should_migrate_to": (),
    "duplicates": (),
    "version_of": (("Specialization", False, None),),
}
RELATIONSHIP_LETTERS = {
    "Access": "a",
    "Composition": "c",
    "Flow": "f",
    "Aggregation": "g",
    "Assignment": "i",
    "Influence": "n",
    "Association": "o",
    "Realization": "r",
    "Specialization": "s",
    "Triggering": "t",
    "Serving": "v",
}

# Import of models not written by SPBE Registry
FOREIGN_KINDS: dict[str, str] = {
    "BusinessActor": "unit",
    "BusinessRole": "unit",
    "BusinessCollaboration": "unit",
    "BusinessProcess": "process",
    "BusinessFunction": "process",
    "BusinessInteraction": "process",
    "BusinessService": "service",
    "ApplicationService": "service",
    "BusinessObject": "dataset",
    "DataObject": "dataset",
    "Artifact": "data_store",
    "ApplicationComponent": "application",
    "ApplicationCollaboration": "application",
    "ApplicationInterface": "interface",
    "Facility": "data_centre",
    "Node": "server",
    "Device": "server",
    "SystemSoftware": "platform_software",
    "CommunicationNetwork": "intranet",
    "Network": "intranet",  # ArchiMate 2
}
# ArchiMate type -> SPBE candidates (type, reversed): the first the meta-model allows wins;
# "owns" sets the target's owner.
FOREIGN_RELATIONSHIPS: dict[str, tuple[tuple[str, bool], ...]] = {
    "Assignment": (("owns", False), ("operates", False), ("hosted_on", True)),
    "Serving": (("supports", False), ("hosted_on", True), ("consumes", True), ("uses", True)),
    "Realization": (("realises", False), ("stored_in", True)),
    "Composition": (("provides", False), ("part_of", True)),
    "Aggregation": (("part_of", True),),
    "Association": (("connected_via", False),),
    "Specialization": (("version_of", False),),
}
ACCESS_CANDIDATES = {
    "Read": (("reads", False), ("requires", False)),
    "Write": (("writes", False), ("produces", False), ("requires", False)),
}
ARCHIMATE2_NAMES = {
    "UsedBy": "Serving",
    "Realisation": "Realization",
    "Specialisation": "Specialization",
    "InfrastructureService": "TechnologyService",
    "InfrastructureInterface": "TechnologyInterface",
    "InfrastructureFunction": "TechnologyFunction",
}


def data_file(name: str) -> Path:
    folders = schema_dirs()
    for folder in folders:
        if (folder / name).exists():
            return folder / name
    raise Unavailable(
        [
            FieldError(
                "$",
                "archimate_files_missing",
                {"name": name, "folders": ", ".join(map(str, folders))},
            )
        ]
    )


@cache
def allowed_table() -> dict[tuple[str, str], str]:
    """(source type, target type) -> letters of the allowed relationships."""
    root = ET.parse(data_file("relationships.xml")).getroot()
    return {
        (source.get("concept", ""), target.get("concept", "")): target.get("relations", "")
        for source in root
        for target in source
    }


@cache
def schema() -> Any:
    import xmlschema

    class Schema(xmlschema.XMLSchema10):  # type: ignore[misc]
        """Caches `validity` once built: xmlschema recomputes it over every component for each
        key/keyref field, which made a 1 MB model take 15 s instead of about one."""

        @property
        def validity(self) -> str:
            cached = self.__dict__.get("_validity")
            if cached is None:
                cached = super().validity
                if self.built:
                    self.__dict__["_validity"] = cached
            return cached

    return Schema(
        str(data_file("archimate3_Diagram.xsd")),
        locations={XML_NS: str(data_file("xml.xsd"))},
    )


def element_type(item: dict[str, Any]) -> str:
    attrs = item.get("attributes") or {}
    if item["kind"] == "service" and attrs.get("online") is True:
        return "ApplicationService"
    if item["kind"] == "server" and attrs.get("server_type") == "virtual":
        return "Node"
    return ELEMENT_TYPES[item["kind"]]


def relationship_form(rel_type: str, source_type: str, target_type: str) -> Pref:
    """The ArchiMate relationship an SPBE relationship becomes between two element types."""
    table = allowed_table()
    for archimate, reverse, access in RELATIONSHIP_TYPES.get(rel_type, ()):
        pair = (target_type, source_type) if reverse else (source_type, target_type)
        if RELATIONSHIP_LETTERS[archimate] in table.get(pair, ""):
            return archimate, reverse, access
    return "Association", False, None


def reversed_in_export(rel_type: str, archimate: str) -> bool:
    """Each SPBE type reverses a given ArchiMate type always or never, so the file's ArchiMate
    type tells which way round the export wrote it."""
    return any(a == archimate and rev for a, rev, _ in RELATIONSHIP_TYPES.get(rel_type, ()))


# --------------------------------------------------------------------------------------------
# Export


def _id(ref: str) -> str:
    """xs:ID from a global reference: keys and codes are NCName characters apart from ':'.
    Other identifiers start with a capital (`Model:`, `View:`, `Node:`), which no government
    code has, so they never meet an element's."""
    return "id-" + ref.replace(":", ".")


def _hash_id(prefix: str, *parts: str) -> str:
    return f"{prefix}-" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:20]


def _q(tag: str) -> str:
    return f"{{{NS3}}}{tag}"


def _text_el(parent: ET.Element, tag: str, text: str, lang: bool = True) -> ET.Element:
    el = ET.SubElement(parent, _q(tag))
    if lang:
        el.set(f"{{{XML_NS}}}lang", LANG)
    el.text = text
    return el


class _Properties:
    """Property definitions are collected while writing and numbered by name at the end."""

    def __init__(self) -> None:
        self.used: dict[str, str] = {}

    def add(self, parent: ET.Element, values: list[tuple[str, str]]) -> None:
        values = [(n, v) for n, v in values if v != ""]
        if not values:
            return
        container = ET.SubElement(parent, _q("properties"))
        for name, value in values:
            prop = ET.SubElement(container, _q("property"), propertyDefinitionRef=name)
            _text_el(prop, "value", value)
            self.used[name] = name

    def finish(self, model: ET.Element) -> None:
        ids = {name: f"propid-{i}" for i, name in enumerate(sorted(self.used), start=1)}
        for prop in model.iter(_q("property")):
            prop.set("propertyDefinitionRef", ids[prop.get("propertyDefinitionRef", "")])
        if ids:
            defs = ET.SubElement(model, _q("propertyDefinitions"))
            for name, ident in ids.items():
                definition = ET.SubElement(
                    defs, _q("propertyDefinition"), identifier=ident, type="string"
                )
                _text_el(definition, "name", name)


def _item_properties(item: dict[str, Any], ref: str) -> list[tuple[str, str]]:
    specs = mm.KIND_MAP[item["kind"]].attribute_map
    return [
        ("spbe:ref", ref),
        ("spbe:kind", item["kind"]),
        ("spbe:status", item.get("status") or ""),
        ("spbe:reference_codes", codes_to_text(item.get("reference_codes") or [])),
        *(
            (name, attribute_to_text(specs.get(name), value))
            for name, value in sorted((item.get("attributes") or {}).items())
        ),
        *(
            (f"{CUSTOM_PREFIX}{name}", custom_to_text(value))
            for name, value in sorted((item.get("custom") or {}).items())
        ),
    ]


def write_archimate(gov: Government) -> bytes:
    ET.register_namespace("", NS3)
    ET.register_namespace("xsi", XSI)
    code = gov.code
    model = ET.Element(_q("model"), identifier=_id(f"Model:{code}"))
    model.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    _text_el(model, "name", str(gov.instansi.get("name") or code))
    props = _Properties()
    props.add(
        model,
        [
            ("spbe:format", FORMAT),
            ("spbe:instansi", code),
            ("spbe:level", str(gov.instansi.get("level") or "")),
            ("spbe:reference_framework", str(gov.instansi.get("reference_framework") or "")),
            *(
                (f"instansi.{k}", custom_to_text(v))
                for k, v in sorted((gov.instansi.get("attributes") or {}).items())
            ),
        ],
    )
    elements = ET.SubElement(model, _q("elements"))
    types: dict[str, str] = {}  # ref -> ArchiMate type
    local = [(f"{code}:{item['key']}", item) for item in gov.items]
    external = [(ref, item) for ref, item in gov.external.items()]
    for ref, item in [*local, *external]:
        types[ref] = element_type(item)
        el = ET.SubElement(elements, _q("element"), identifier=_id(ref))
        el.set(f"{{{XSI}}}type", types[ref])
        _text_el(el, "name", item["name"])
        if item.get("description") and ref.startswith(f"{code}:"):
            _text_el(el, "documentation", item["description"])
        if ref.startswith(f"{code}:"):
            props.add(el, _item_properties(item, ref))
        else:
            props.add(el, [("spbe:ref", ref), ("spbe:kind", item["kind"])])

    def glob(end: str) -> str:
        return end if ":" in end else f"{code}:{end}"

    rels = [
        ("owns", glob(item["owner"]), f"{code}:{item['key']}", {})
        for item in gov.items
        if item["owner"]
    ] + [
        (r["type"], glob(r["source"]), glob(r["target"]), r["attributes"])
        for r in gov.relationships
    ]
    rels.sort(key=lambda r: (r[1], r[0], r[2]))
    relationships = ET.SubElement(model, _q("relationships"))
    connections: list[tuple[str, str, str]] = []
    for rel_type, source, target, attributes in rels:
        archimate, reverse, access = relationship_form(rel_type, types[source], types[target])
        ident = _hash_id("id-R", source, rel_type, target)
        a, b = (target, source) if reverse else (source, target)
        el = ET.SubElement(
            relationships, _q("relationship"), identifier=ident, source=_id(a), target=_id(b)
        )
        el.set(f"{{{XSI}}}type", archimate)
        if access:
            el.set("accessType", access)
        relationship = mm.RELATIONSHIP_MAP.get(rel_type, mm.OWNS)
        _text_el(el, "name", relationship.label_id)
        specs = relationship.attribute_map
        props.add(
            el,
            [
                ("spbe:type", rel_type),
                *(
                    (name, attribute_to_text(specs.get(name), value))
                    for name, value in sorted(attributes.items())
                ),
            ],
        )
        if rel_type != "owns":
            connections.append((ident, _id(a), _id(b)))
    props.finish(model)
    _view(model, gov, [ref for ref, _ in local], connections)
    ET.indent(model, "  ")
    return ET.tostring(model, encoding="utf-8", xml_declaration=True) + b"\n"


NODE_W, NODE_H, GAP_X, GAP_Y, PER_ROW, LABEL_W = 160, 55, 20, 25, 8, 170


def _view(
    model: ET.Element,
    gov: Government,
    refs: list[str],
    connections: list[tuple[str, str, str]],
) -> None:
    """One diagram: a row band per layer (top to bottom as in the meta-model), items left to
    right in kind and key order, relationships as connections."""
    views = ET.SubElement(model, _q("views"))
    diagrams = ET.SubElement(views, _q("diagrams"))
    view = ET.SubElement(diagrams, _q("view"), identifier=_id(f"View:{gov.code}"))
    view.set(f"{{{XSI}}}type", "Diagram")
    _text_el(
        view, "name", f"Ikhtisar arsitektur SPBE / overview: {gov.instansi.get('name') or gov.code}"
    )
    by_layer: dict[str, list[str]] = {}
    kinds = {f"{gov.code}:{i['key']}": i for i in gov.items}
    for ref in refs:
        by_layer.setdefault(mm.KIND_MAP[kinds[ref]["kind"]].layer, []).append(ref)
    node_of: dict[str, str] = {}
    y = 10
    for layer in sorted(mm.LAYERS, key=lambda ly: ly.order):
        members = sorted(by_layer.get(layer.name, []), key=lambda r: item_sort_key(kinds[r]))
        if not members:
            continue
        rows = (len(members) + PER_ROW - 1) // PER_ROW
        label = ET.SubElement(
            view,
            _q("node"),
            identifier=_id(f"Label:{gov.code}.{layer.name}"),
            x="10",
            y=str(y),
            w=str(LABEL_W - 20),
            h=str(NODE_H),
        )
        label.set(f"{{{XSI}}}type", "Label")
        _text_el(label, "label", f"{layer.label_id} / {layer.label_en}")
        for index, ref in enumerate(members):
            ident = _id(f"Node:{ref}")
            node_of[_id(ref)] = ident
            node = ET.SubElement(
                view,
                _q("node"),
                identifier=ident,
                elementRef=_id(ref),
                x=str(LABEL_W + (index % PER_ROW) * (NODE_W + GAP_X)),
                y=str(y + (index // PER_ROW) * (NODE_H + GAP_Y)),
                w=str(NODE_W),
                h=str(NODE_H),
            )
            node.set(f"{{{XSI}}}type", "Element")
        y += rows * (NODE_H + GAP_Y) + 2 * GAP_Y
    for ident, source, target in connections:
        if source in node_of and target in node_of:
            conn = ET.SubElement(
                view,
                _q("connection"),
                identifier=ident.replace("id-R-", "id-C-"),
                relationshipRef=ident,
                source=node_of[source],
                target=node_of[target],
            )
            conn.set(f"{{{XSI}}}type", "Relationship")


# --------------------------------------------------------------------------------------------
# Import


def _bad(name: str, code: str, **params: Any) -> Invalid:
    return Invalid([FieldError("$", code, params, name)])


def validate(name: str, data: bytes) -> list[FieldError]:
    """Schema errors of a 3.x model (at most 20, each with its path). The bytes, not a parsed
    tree: xsi:type values need the file's own namespace prefixes."""
    errors = []
    for error in schema().iter_errors(io.BytesIO(data)):
        detail = f"{error.path or '/'}: {error.reason or error.message}"
        errors.append(FieldError("$", "xml_schema", {"detail": detail}, name))
        if len(errors) >= 20:
            break
    return errors


def _children(el: ET.Element, ns: str, tag: str) -> list[ET.Element]:
    return el.findall(f"{{{ns}}}{tag}")


def _first_text(el: ET.Element, ns: str, *tags: str) -> str:
    for tag in tags:
        found = el.find(f"{{{ns}}}{tag}")
        if found is not None and found.text:
            return found.text.strip()
    return ""


def read_archimate(name: str, data: bytes) -> Bundle:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise _bad(name, "bad_file", format="XML", detail=str(exc)) from exc
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    local = root.tag.rsplit("}", 1)[-1]
    if local != "model" or ns not in (NS3, NS2):
        raise _bad(name, "xml_not_archimate", root=root.tag, expected=NS3)
    if ns == NS3:
        errors = validate(name, data)
        if errors:
            raise Invalid(errors)
    return _ModelReader(name, root, ns).bundle()


class _ModelReader:
    def __init__(self, name: str, root: ET.Element, ns: str):
        self.name, self.root, self.ns = name, root, ns
        self.definitions = self._definitions()
        self.names: dict[str, str] = {}  # identifier -> "Type 'name'" for warnings

    def _definitions(self) -> dict[str, str]:
        out = {}
        ns = self.ns
        for container in ("propertyDefinitions", "propertydefs"):
            for parent in _children(self.root, ns, container):
                for d in [
                    *_children(parent, ns, "propertyDefinition"),
                    *_children(parent, ns, "propertydef"),
                ]:
                    out[d.get("identifier", "")] = d.get("name") or _first_text(d, ns, "name")
        return out

    def props(self, el: ET.Element) -> dict[str, str]:
        out = {}
        for container in _children(el, self.ns, "properties"):
            for prop in _children(container, self.ns, "property"):
                ref = prop.get("propertyDefinitionRef") or prop.get("identifierref") or ""
                name = self.definitions.get(ref, ref)
                out[name] = _first_text(prop, self.ns, "value")
        return out

    def bundle(self) -> Bundle:
        ns = self.ns
        model_props = self.props(self.root)
        own = model_props.get("spbe:instansi")
        instansi: dict[str, Any] = {"name": _first_text(self.root, ns, "name", "label")}
        if own:
            instansi.update(
                code=own,
                level=model_props.get("spbe:level") or None,
                reference_framework=model_props.get("spbe:reference_framework") or None,
                attributes={
                    k.removeprefix("instansi."): custom_from_text(v)
                    for k, v in model_props.items()
                    if k.startswith("instansi.")
                },
            )
        bundle = Bundle(instansi={k: v for k, v in instansi.items() if v})
        refs: dict[str, str] = {}  # identifier -> key or global ref
        kinds: dict[str, str] = {}  # identifier -> kind
        archimate_types: dict[str, str] = {}
        records: dict[str, ItemRecord] = {}
        used_keys: set[str] = set()
        for container in _children(self.root, ns, "elements"):
            for el in _children(container, ns, "element"):
                ident = el.get("identifier", "")
                etype = ARCHIMATE2_NAMES.get(self._type(el), self._type(el))
                archimate_types[ident] = etype
                label = _first_text(el, ns, "name", "label")
                self.names[ident] = f"{etype} '{label or ident}'"
                where = f"{self.name}: element {ident}"
                props = self.props(el)
                ref = props.get("spbe:ref")
                if ref and own and props.get("spbe:kind") in mm.KIND_MAP:
                    kinds[ident] = props["spbe:kind"]
                    code, _, key = ref.partition(":")
                    if code != own:
                        refs[ident] = ref  # an item of another government
                        continue
                    refs[ident] = key
                    records[ident] = ItemRecord(
                        data=self._item(props, key, label, _first_text(el, ns, "documentation")),
                        location=where,
                    )
                    continue
                kind = FOREIGN_KINDS.get(etype)
                if kind is None:
                    bundle.warnings.append(
                        FieldError(
                            "element",
                            "archimate_unmapped_element",
                            {"type": etype, "name": label or ident},
                            where,
                        )
                    )
                    continue
                key = base = mm.slugify(label or ident)
                n = 1
                while key in used_keys:
                    n += 1
                    key = f"{base}-{n}"
                used_keys.add(key)
                refs[ident], kinds[ident] = key, kind
                data: dict[str, Any] = {"kind": kind, "key": key, "name": label or key}
                documentation = _first_text(el, ns, "documentation")
                if documentation:
                    data["description"] = documentation
                # the element's own properties are kept as they are, as custom attributes
                data["custom"] = {**props, "archimate_type": etype, "archimate_id": ident}
                records[ident] = ItemRecord(data=data, location=where)
        bundle.items.extend(records.values())
        for container in _children(self.root, ns, "relationships"):
            for el in _children(container, ns, "relationship"):
                self._relationship(el, bundle, refs, kinds, archimate_types, records)
        return bundle

    def _type(self, el: ET.Element) -> str:
        return el.get(f"{{{XSI}}}type", "")

    def _item(self, props: dict[str, str], key: str, name: str, doc: str) -> dict[str, Any]:
        kind = props["spbe:kind"]
        specs = mm.KIND_MAP[kind].attribute_map
        data: dict[str, Any] = {"kind": kind, "key": key, "name": name}
        if doc:
            data["description"] = doc
        if props.get("spbe:status"):
            data["status"] = props["spbe:status"]
        if props.get("spbe:reference_codes"):
            data["reference_codes"] = props["spbe:reference_codes"]
        attributes, custom = {}, {}
        for prop, value in props.items():
            if prop.startswith("spbe:"):
                continue
            if prop.startswith(CUSTOM_PREFIX):
                custom[prop[len(CUSTOM_PREFIX) :]] = custom_from_text(value)
            else:
                attributes[prop] = attribute_from_text(specs.get(prop), value)
        if attributes:
            data["attributes"] = attributes
        if custom:
            data["custom"] = custom
        return data

    def _relationship(
        self,
        el: ET.Element,
        bundle: Bundle,
        refs: dict[str, str],
        kinds: dict[str, str],
        archimate_types: dict[str, str],
        records: dict[str, ItemRecord],
    ) -> None:
        ident = el.get("identifier", "")
        source, target = el.get("source", ""), el.get("target", "")
        archimate = ARCHIMATE2_NAMES.get(self._type(el), self._type(el))
        where = f"{self.name}: relationship {ident}"
        props = self.props(el)
        rel_type = props.get("spbe:type")
        if source not in refs or target not in refs:
            bundle.warnings.append(self._unmapped(archimate, source, target, where))
            return
        if rel_type:
            # written by SPBE Registry: undo the reversal the export made for this type
            if reversed_in_export(rel_type, archimate):
                source, target = target, source
            specs = (
                mm.RELATIONSHIP_MAP[rel_type].attribute_map
                if rel_type in mm.RELATIONSHIP_MAP
                else {}
            )
            attributes = {
                k: attribute_from_text(specs.get(k), v)
                for k, v in props.items()
                if not k.startswith("spbe:")
            }
        else:
            candidates = (
                ACCESS_CANDIDATES["Read" if el.get("accessType") == "Read" else "Write"]
                if archimate == "Access"
                else FOREIGN_RELATIONSHIPS.get(archimate, ())
            )
            chosen = next(
                (
                    (t, rev)
                    for t, rev in candidates
                    if self._fits(
                        t, *((target, source) if rev else (source, target)), kinds, records
                    )
                ),
                None,
            )
            if chosen is None:
                bundle.warnings.append(self._unmapped(archimate, source, target, where))
                return
            rel_type = chosen[0]
            if chosen[1]:
                source, target = target, source
            attributes = {}
        if rel_type == "owns":
            record = records.get(target)
            if record is not None:
                record.data["owner"] = refs[source]
            return
        bundle.relationships.append(
            RelationshipRecord(refs[source], rel_type, refs[target], attributes, where)
        )

    def _fits(
        self,
        rel_type: str,
        source: str,
        target: str,
        kinds: dict[str, str],
        records: dict[str, ItemRecord],
    ) -> bool:
        if rel_type == "owns":
            record = records.get(target)
            return (
                kinds.get(source) == "unit"
                and record is not None
                and "owner" not in record.data
                and source in records
            )
        spec = mm.RELATIONSHIP_MAP[rel_type]
        return spec.allows(kinds.get(source, ""), kinds.get(target, "")) and source in records

    def _unmapped(self, archimate: str, source: str, target: str, where: str) -> FieldError:
        return FieldError(
            "relationship",
            "archimate_unmapped_relationship",
            {
                "type": archimate,
                "source": self.names.get(source, source),
                "target": self.names.get(target, target),
            },
            where,
        )
