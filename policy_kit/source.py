"""Reading a definition file safely: bytes → YAML nodes → plain data plus a map of positions.

This is the first step of load → check → compile → simulate → render. PyYAML only
*composes* the node tree here; the conversion to Python values is ours, so that:

- scalars follow YAML 1.2's core schema: only ``true``/``false`` are booleans, so ``on``,
  ``off``, ``yes`` and ``no`` stay strings (a state called ``no`` is a state);
- numbers with a fraction become ``Decimal``, never ``float`` (money and limits are exact);
- dates stay strings until the schema parses them (one place decides what a date is);
- duplicate keys, Python tags and merge keys are refused, aliases are bounded (a
  "billion laughs" file cannot expand), and oversized or non-UTF-8 files are refused;
- every value remembers its line and column, so later errors point into the file.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .errors import DefinitionError, Location
from .heap import collection_paused
from .library_zh import os_error_zh

__all__ = ["MAX_BYTES", "MAX_NODES", "SourceMap", "read_yaml", "read_yaml_text", "write_yaml"]

MAX_BYTES = 2 * 1024 * 1024
"""A definition is a few hundred lines; anything past 2 MiB is a mistake or an attack."""

MAX_NODES = 200_000
"""Upper bound on values produced, aliases included: stops alias bombs from expanding."""

PathKey = tuple[str | int, ...]

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_DECIMAL = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULL = {"null", "Null", "NULL", "~", ""}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_STR, _SEQ, _MAP, _MERGE = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:seq",
                             "tag:yaml.org,2002:map", "tag:yaml.org,2002:merge")
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}


@dataclass(frozen=True)
class SourceMap:
    """Where each value of a loaded file stands: a data path → (line, column), 1-based.

    Keys are paths such as ``("stages", 2, "regions", 0, "states", 1, "id")``; a mapping
    entry has both the position of its value (the path) and of its key (path + ``"<key>"``).
    """

    file: str
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    scalar_styles: dict[PathKey, str | None] = field(default_factory=dict)

    def locate(self, path: PathKey) -> Location:
        """The position of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                line, column = self.positions[probe]
                return Location(self.file, line, column)
            probe = probe[:-1]
        line, column = self.positions.get((), (1, 1))
        return Location(self.file, line, column)

    def locate_key(self, path: PathKey) -> Location:
        """The position of the key that introduces ``path`` (for errors about the key)."""
        key = (*tuple(path), "<key>")
        if key in self.positions:
            line, column = self.positions[key]
            return Location(self.file, line, column)
        return self.locate(path)

    def locate_in_scalar(self, path: PathKey, offset: int) -> Location:
        """The position of character ``offset`` inside a one-line scalar (guards)."""
        base = self.locate(path)
        if path not in self.positions:
            return base
        quoted = 1 if self.scalar_styles.get(tuple(path)) in ("'", '"') else 0
        return Location(base.file, base.line, base.column + quoted + offset)


_READ: dict[str, tuple[bytes, Any, SourceMap]] = {}
"""Files read so far in this process: name → (digest of the bytes, data, positions)."""

_READ_KEPT = 16
"""How many files the memo keeps; ``validate`` of every bundled file reads 16."""


def read_yaml(path: Path) -> tuple[Any, SourceMap]:
    """Read ``path`` as a definition document: refuse what is not a small UTF-8 YAML file.

    A file read again unchanged (the same bytes) is not parsed again: ``validate`` reads a
    process once for its own checks and again for each scenario, policy and mapping file
    that names it. The data and positions returned are then shared with the earlier caller,
    so they are read-only (every reader validates them into frozen models).
    """
    name = str(path)
    if not path.exists():
        raise DefinitionError.single(Location(name), "no such file", "check the path",
                                     ("没有这个文件", "检查路径"))
    if path.is_dir():
        raise DefinitionError.single(Location(name), "is a directory, not a definition file",
                                     "name a .yaml file inside it",
                                     ("这是目录,不是定义文件", "指定目录中的一个 .yaml 文件"))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DefinitionError.single(
                Location(name),
                f"file is {size:,} bytes; definitions are limited to {MAX_BYTES:,} bytes",
                "a process definition is a few hundred lines; is this the right file?",
                (f"文件有 {size:,} 字节;定义文件不能超过 {MAX_BYTES:,} 字节",
                 "流程定义一般只有几百行;是不是选错了文件?"))
        raw = path.read_bytes()
    except OSError as error:
        raise DefinitionError.single(Location(name), f"cannot read: {error.strerror}",
                                     zh=(f"无法读取:{os_error_zh(error)}", "")) from None
    digest = hashlib.blake2b(raw, digest_size=16).digest()
    known = _READ.get(name)
    if known is not None and known[0] == digest:
        return known[1], known[2]
    data, source = read_yaml_text(raw, name)
    if len(_READ) >= _READ_KEPT:
        del _READ[next(iter(_READ))]
    _READ[name] = (digest, data, source)
    return data, source


def read_yaml_text(raw: bytes | str, name: str) -> tuple[Any, SourceMap]:
    """Parse YAML text (bytes are decoded as strict UTF-8) into data and positions."""
    text = _decode(raw, name) if isinstance(raw, bytes) else raw
    if len(text) > MAX_BYTES:
        raise DefinitionError.single(Location(name), "text too large for a definition",
                                     zh=("文本太大,不能作为定义", ""))
    if not text.strip():
        raise DefinitionError.single(Location(name, 1, 1), "file is empty",
                                     "policy-kit's YAML files start with `format: 1`",
                                     ("文件是空的", "policy-kit 的 YAML 文件以 `format: 1` 开头"))
    with collection_paused():
        return _read_document(text, name)


def _read_document(text: str, name: str) -> tuple[Any, SourceMap]:
    try:
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, name) from None
    except yaml.reader.ReaderError as error:  # a NUL or another control character
        raise _unreadable_character(text, error, name) from None
    except yaml.YAMLError as error:
        raise DefinitionError.single(Location(name), f"YAML error: {error}",
                                     zh=(f"YAML 错误:`{error}`", "")) from None
    documents = [d for d in documents if d is not None]
    if not documents:
        raise DefinitionError.single(Location(name, 1, 1), "file holds no YAML document",
                                     zh=("文件中没有 YAML 文档", ""))
    if len(documents) > 1:
        mark = documents[1].start_mark
        raise DefinitionError.single(Location(name, mark.line + 1, mark.column + 1),
                                     "a definition file holds one YAML document, not several",
                                     zh=("一个定义文件只能有一个 YAML 文档,不能有多个", ""))
    source = SourceMap(name)
    builder = _Builder(source)
    data = builder.build(documents[0], ())
    return data, source


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise DefinitionError.single(
            Location(name, line, column),
            f"not UTF-8 text (byte 0x{raw[error.start]:02x})",
            "save the file as UTF-8; GBK/GB18030 files must be converted first",
            (f"不是 UTF-8 文本(字节 0x{raw[error.start]:02x})",
             "把文件另存为 UTF-8;GBK/GB18030 文件须先转换")) from None


def _unreadable_character(text: str, error: yaml.reader.ReaderError, name: str
                          ) -> DefinitionError:
    """The character YAML refuses, at its line and column, named rather than as PyYAML's
    ``"<unicode string>", position 31``."""
    position = error.position
    if _Base is not yaml.SafeLoader:  # libyaml counts bytes of the UTF-8 text, not characters
        position = len(text.encode("utf-8")[:max(position, 0)].decode("utf-8", "ignore"))
    position = min(max(position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = chr(error.character) if isinstance(error.character, int) else str(
        error.character)
    code = ord(character[0]) if character else 0
    label = unicodedata.name(character[0], "a control character") if character else ""
    shown = "NUL" if code == 0 else label
    return DefinitionError.single(
        Location(name, line, column),
        f"the character U+{code:04X} ({shown}) is not allowed in a YAML file",
        "delete it; it is often left by a copy from a PDF or a binary file",
        (f"YAML 文件中不允许字符 U+{code:04X} ({shown})",
         "删掉它;它常是从 PDF 或二进制文件复制时带进来的"))


def _syntax_error(error: yaml.MarkedYAMLError, name: str) -> DefinitionError:
    mark = error.problem_mark or error.context_mark
    location = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
    problem = error.problem or "syntax error"
    context = f" ({error.context})" if error.context else ""
    said = _YAML_ZH.get(problem.split(" (")[0]) or f"`{problem}`"
    return DefinitionError.single(location, f"YAML syntax error: {problem}{context}",
                                  "check indentation, colons and quotes on this line",
                                  (f"YAML 语法错误:{said}", "检查这一行的缩进、冒号和引号"))


_YAML_ZH = {
    "mapping values are not allowed in this context": "这里不能有映射的值(多了一个冒号?)",
    "mapping values are not allowed here": "这里不能有映射的值(多了一个冒号?)",
    "did not find expected key": "没有找到应有的键(缩进不齐?)",
    "found unexpected end of stream": "文件意外结束(引号或括号没有闭合?)",
    "did not find expected ',' or ']'": "没有找到应有的 `,` 或 `]`",
    "did not find expected ',' or '}'": "没有找到应有的 `,` 或 `}`",
    "did not find expected '-' indicator": "没有找到应有的 `-`(列表项缩进不齐?)",
    "found undefined alias": "引用了未定义的锚点(`*` 别名)",
    "found character that cannot start any token": "遇到不能出现在此处的字符(例如制表符或 `@`)",
    "found unknown escape character": "双引号字符串中有未知的转义字符",
    "could not find expected ':'": "没有找到应有的 `:`",
    "found a tab character that violates indentation": "缩进中有制表符",
    "syntax error": "语法错误",
}
"""libyaml's (and PyYAML's) commonest complaints in Chinese; another is shown as written."""


_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """A safe loader used for composing only; our builder decides what each scalar means.

    libyaml's C loader where PyYAML has it: it composes Jining's file ten times faster.
    Implicit tags are not guessed here (PyYAML's resolver runs a regular expression per
    scalar, a fifth of composing a large file): every untagged node gets its kind's plain
    tag, and ``<<`` the merge tag so that the builder can refuse merge keys.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _MERGE if implicit[0] and value == "<<" else _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path-based resolvers are registered; skip their bookkeeping."""

    def ascend_resolver(self) -> None:
        """See ``descend_resolver``."""


class _Builder:
    """Turns a composed node tree into plain data, recording positions as it goes."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.count = 0

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._error(node, f"document expands to more than {MAX_NODES:,} values",
                              "aliases (*name) may be nested into an 'alias bomb'; remove them",
                              (f"文档展开后超过 {MAX_NODES:,} 个值",
                               "别名(*name)可以层层嵌套成“别名炸弹”;删掉它们"))
        self.source.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self._error(node, f"tag {node.tag} is not allowed",
                              "definitions hold plain data only",
                              (f"不允许标签 `{node.tag}`", "定义文件只能包含普通数据"))
        if isinstance(node, yaml.ScalarNode):
            self.source.scalar_styles[path] = node.style
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        raise self._error(node, "unsupported YAML node", "", ("不支持的 YAML 节点", ""))

    def _mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._error(key_node, "a key must be plain text", "",
                                  ("键必须是普通文本", ""))
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self._error(key_node, "merge keys (<<) are not supported",
                                  "write the keys out", ("不支持合并键(<<)", "把各个键直接写出来"))
            key = key_node.value
            if key in result:
                raise self._error(key_node, f"duplicate key `{key}`",
                                  "each key may appear once in a mapping; remove one",
                                  (f"键 `{key}` 重复", "同一个映射中每个键只能出现一次;删掉一个"))
            key_path = (*path, key)
            self.source.positions[(*key_path, "<key>")] = (
                key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, key_path)
        return result

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> Any:
        text = node.value
        if node.style:  # quoted or block scalar: always a string (plain: None, or "" in C)
            return text
        if text in _NULL:
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.match(text):
            return int(text.replace("_", ""))
        if _DECIMAL.match(text) and any(c.isdigit() for c in text):
            return Decimal(text.replace("_", ""))
        return text

    def _error(self, node: yaml.Node, message: str, hint: str,
               zh: tuple[str, str]) -> DefinitionError:
        mark = node.start_mark
        location = Location(self.source.file, mark.line + 1, mark.column + 1)
        return DefinitionError.single(location, message, hint, zh)


class _Dumper(yaml.SafeDumper):
    """Writes what ``read_yaml_text`` reads back unchanged: strings that the core schema
    would take for something else are quoted, Chinese stays Chinese."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    plain = not (value in _NULL or value in _BOOL or _INT.match(value) or (
        _DECIMAL.match(value) and any(c.isdigit() for c in value)))
    return dumper.represent_scalar("tag:yaml.org,2002:str", value,
                                   style=None if plain else '"')


_Dumper.add_representer(str, _string)
# YAML 1.2's core schema, as read_yaml_text reads: `on`, `off`, `yes`, `no` are plain text
_Dumper.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()}
_Dumper.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def write_yaml(data: Any, header: str = "") -> str:
    """``data`` as YAML in the bundled files' style (mappings of scalars on one line),
    after ``header`` as comment lines."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=None, width=100)
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comments + body
