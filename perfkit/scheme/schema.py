"""The JSON Schema of a scenario file, for editor completion and checking."""

from __future__ import annotations

from typing import Any

from perfkit.scheme.models import Scenario


def _allow_noted_numbers(node: Any) -> Any:
    """Let every number in the schema also be written as {value: n, note: "..."}, and every
    note have its Chinese beside it (``note_zh``)."""
    if isinstance(node, list):
        return [_allow_noted_numbers(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _allow_noted_numbers(v) for k, v in node.items()}
    if "note" in node.get("properties", {}):
        node["properties"] = {**node["properties"], "note_zh": {"type": "string"}}
    if isinstance(node.get("type"), str) and node["type"] in {"number", "integer"}:
        plain = {k: v for k, v in node.items() if k not in {"title", "default", "description"}}
        noted = {
            "type": "object",
            "required": ["value"],
            "properties": {
                "value": plain,
                "note": {"type": "string"},
                "note_zh": {"type": "string"},
                "source": {"type": "string"},
                "range": {
                    "type": "array",
                    "items": {"type": "number"},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
            "additionalProperties": False,
        }
        keep = {k: v for k, v in node.items() if k in {"title", "default", "description"}}
        return {**keep, "anyOf": [plain, noted]}
    return node


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, for editor completion and checking."""
    schema = _allow_noted_numbers(Scenario.model_json_schema(mode="validation"))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "perfkit scenario"
    return schema
