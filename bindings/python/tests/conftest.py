"""Shared fixtures: the repository, the CLI binary to compare with, a
generated corpus, and the request bodies of every example and fixture."""

from __future__ import annotations

import copy
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import pytest

REPO = Path(__file__).resolve().parents[3]
TODAY = "2026-01-01"  # what tests/common pins for the Rust tests


def cargo_target() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))


@pytest.fixture(scope="session")
def cli() -> Path:
    """The CLI: $KYC_PREFLIGHT_CLI, or target/debug/kyc-preflight built now."""
    given = os.environ.get("KYC_PREFLIGHT_CLI")
    if given:
        return Path(given)
    subprocess.run(
        ["cargo", "build", "--quiet", "--bin", "kyc-preflight"], cwd=REPO, check=True
    )
    return cargo_target() / "debug" / "kyc-preflight"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A mixed Kira corpus (the testkit's gen_corpus, seed 42, 3000 lines)
    followed by lines a batch must survive: not JSON, blank, not an object,
    a byte order mark, a CRLF ending, truncated JSON."""
    given = os.environ.get("KYC_PREFLIGHT_CORPUS")
    if given:
        return Path(given)
    subprocess.run(
        ["cargo", "build", "--quiet", "-p", "kyc-preflight-testkit", "--bin", "gen_corpus"], cwd=REPO, check=True
    )
    out = tmp_path_factory.mktemp("corpus") / "mixed.jsonl"
    subprocess.run(
        [
            str(cargo_target() / "debug" / "gen_corpus"),
            "--seed", "42", "--count", "3000", "--kind", "mixed", str(out),
        ],
        check=True,
        capture_output=True,
    )
    with out.open("ab") as f:
        f.write(b"not json\n\n[1, 2]\n\xef\xbb\xbf{}\n{\"type\": \"individual\"}\r\n{\"type\": \n")
    return out


def read_lines(path: Path) -> list[bytes]:
    """Lines as `batch` reads them: split at \\n, one trailing \\r dropped,
    no record after a final newline."""
    data = path.read_bytes()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [line[:-1] if line.endswith(b"\r") else line for line in lines]


def apply_patch(doc: Any, patch: list[dict[str, Any]]) -> Any:
    """RFC 6902 add, remove, replace, move, copy and test."""

    def parts(pointer: str) -> list[str]:
        return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]

    def parent(root: Any, pointer: str) -> tuple[Any, str]:
        keys = parts(pointer)
        node = root
        for key in keys[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        return node, keys[-1]

    def get(root: Any, pointer: str) -> Any:
        node, key = parent(root, pointer)
        return node[int(key)] if isinstance(node, list) else node[key]

    def remove(root: Any, pointer: str) -> Any:
        node, key = parent(root, pointer)
        return node.pop(int(key)) if isinstance(node, list) else node.pop(key)

    def add(root: Any, pointer: str, value: Any) -> Any:
        if pointer == "":
            return value
        node, key = parent(root, pointer)
        if isinstance(node, list):
            node.insert(len(node) if key == "-" else int(key), value)
        else:
            node[key] = value
        return root

    doc = copy.deepcopy(doc)
    for op in patch:
        kind, path = op["op"], op["path"]
        if kind == "add":
            doc = add(doc, path, copy.deepcopy(op["value"]))
        elif kind == "remove":
            remove(doc, path)
        elif kind == "replace":
            if path == "":
                doc = copy.deepcopy(op["value"])
            else:
                node, key = parent(doc, path)
                get(doc, path)  # must exist
                if isinstance(node, list):
                    node[int(key)] = copy.deepcopy(op["value"])
                else:
                    node[key] = copy.deepcopy(op["value"])
        elif kind == "move":
            doc = add(doc, path, remove(doc, op["from"]))
        elif kind == "copy":
            doc = add(doc, path, copy.deepcopy(get(doc, op["from"])))
        elif kind == "test":
            if get(doc, path) != op["value"]:
                raise ValueError(f"patch test failed at {path}")
        else:
            raise ValueError(f"patch op {kind!r} is not used by the fixtures")
    return doc


@dataclass
class Case:
    """One body to check, as the CLI would be asked to."""

    name: str
    rule_set: str
    body: bytes
    headers: Optional[dict[str, str]] = None
    today: str = TODAY
    args: list[str] = field(default_factory=list)

    def cli_args(self, body_file: Path) -> list[str]:
        args = ["check", "--rules", self.rule_set, "--format", "json", "--today", self.today]
        for name, value in (self.headers or {}).items():
            args += ["--header", f"{name}:{value}"]
        return args + [str(body_file)]


def cases() -> list[Case]:
    """Every examples/kira/*.json, and every tests/fixtures/**/*.json as
    tests/fixtures.rs builds it (valid: the file; invalid: its base with
    the patch applied, its headers and its today)."""
    out = [
        Case(f"examples/kira/{p.name}", "kira/create-user", p.read_bytes())
        for p in sorted((REPO / "examples" / "kira").glob("*.json"))
    ]
    root = REPO / "tests" / "fixtures"
    for provider in sorted(p for p in root.iterdir() if p.is_dir()):
        for endpoint in sorted(p for p in provider.iterdir() if p.is_dir()):
            rule_set = f"{provider.name}/{endpoint.name}"
            rel = f"tests/fixtures/{rule_set}"
            for p in sorted((endpoint / "valid").glob("*.json")):
                out.append(Case(f"{rel}/valid/{p.name}", rule_set, p.read_bytes()))
            for p in sorted((endpoint / "invalid").glob("*.json")):
                spec = json.loads(p.read_bytes())
                base = json.loads((endpoint / "valid" / spec["base"]).read_bytes())
                body = apply_patch(base, spec["patch"])
                headers = spec.get("headers")
                out.append(
                    Case(
                        f"{rel}/invalid/{p.name}",
                        rule_set,
                        json.dumps(body, ensure_ascii=False).encode(),
                        headers={k: str(v) for k, v in headers.items()} if headers else None,
                        today=spec.get("today", TODAY),
                    )
                )
    return out
