"""Reading a BPMN file safely, whoever wrote it: lxml's parser with every dangerous feature
off, and the file:line:col of every element.

Part of load (**load** → check → …), beside the YAML loader: the one home of ``lxml``.
Modellers write the same model with different prefixes (``bpmn:``, ``semantic:``,
``model:``, none), extension elements and diagram interchange; everything after this
module matches on the BPMN model namespace's local names only. Entity expansion,
external DTDs and the network are off, and a document type declaration is refused
outright: a BPMN file never needs one, and it is how an XML bomb arrives.

lxml's ``sourceline`` is the line where a start tag *ends*; the column of the ``<`` is
found by scanning the raw text for start tags, which come in the same order as lxml's
elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DefinitionError, Location
from ..library_zh import os_error_zh, xml_error_zh

__all__ = ["BPMN_MODEL", "MAX_BYTES", "XmlElement", "read_bpmn"]

BPMN_MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"
"""The namespace of BPMN 2.0's semantic model; diagram interchange and extensions differ."""
MAX_BYTES = 20_000_000
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE|<([A-Za-z_][\w.:-]*)",
                    re.S)


@dataclass
class XmlElement:
    """One element of the file: its local name, attributes (local names), text and place."""

    tag: str
    namespace: str
    attributes: dict[str, str]
    text: str
    location: Location
    children: list[XmlElement] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.attributes.get("id", "")

    @property
    def bpmn(self) -> bool:
        return self.namespace == BPMN_MODEL

    def find(self, tag: str) -> XmlElement | None:
        """The first BPMN child called ``tag``."""
        return next(self.findall(tag), None)

    def findall(self, tag: str) -> Iterator[XmlElement]:
        return (c for c in self.children if c.bpmn and c.tag == tag)

    def iter(self) -> Iterator[XmlElement]:
        yield self
        for child in self.children:
            yield from child.iter()


def read_bpmn(path: Path) -> XmlElement:
    """The ``definitions`` element of a BPMN 2.0 file; ``DefinitionError`` (one located
    message) for a file that is not XML, holds a DTD, or is not BPMN 2.0."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DefinitionError.single(Location(name), f"cannot read: {error.strerror}",
                                     zh=(f"无法读取：{os_error_zh(error)}", "")) from None
    if len(raw) > MAX_BYTES:
        raise DefinitionError.single(Location(name), f"file is {len(raw):,} bytes; BPMN files "
                                     f"are limited to {MAX_BYTES:,} bytes",
                                     zh=(f"文件有 {len(raw):,} 字节；BPMN 文件最多 "
                                         f"{MAX_BYTES:,} 字节", ""))
    return parse_bpmn(raw, name)


def parse_bpmn(raw: bytes, name: str) -> XmlElement:
    from lxml import etree  # type: ignore[import-untyped]

    text = raw.decode("utf-8", "replace")
    doctype = text.find("<!DOCTYPE")
    if doctype >= 0:
        raise DefinitionError.single(
            _at(text, doctype, name),
            "the file declares a document type (DTD); BPMN files need none, and entity "
            "declarations are how an XML bomb expands, so none is read",
            "remove the <!DOCTYPE …> declaration",
            zh=("文件声明了文档类型（DTD）；BPMN 文件不需要它，而实体声明正是 XML 炸弹展开的方式，"
                "所以一概不读", "删去 <!DOCTYPE …> 声明"))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (0, 0)
        message = str(error.msg or error).split(" (line")[0]
        raise DefinitionError.single(Location(name, line, column + 1 if line else 0),
                                     f"not well-formed XML: {message}",
                                     "is this a BPMN 2.0 .bpmn file?",
                                     zh=(f"不是格式良好的 XML：{xml_error_zh(error)}",
                                         "这是 BPMN 2.0 的 .bpmn 文件吗？")) from None
    tree = _Converter(text, name).convert(root)
    if tree.tag != "definitions" or not tree.bpmn:
        raise DefinitionError.single(
            tree.location,
            f"not BPMN 2.0: the root element is `{tree.tag}` in namespace "
            f"`{tree.namespace or '(none)'}`",
            f"a BPMN 2.0 file's root is `definitions` in {BPMN_MODEL}",
            zh=(f"不是 BPMN 2.0：根元素是命名空间 `{tree.namespace or '（无）'}` 中的 "
                f"`{tree.tag}`", f"BPMN 2.0 文件的根元素是 `{BPMN_MODEL}` 中的 `definitions`"))
    return tree


def _at(text: str, offset: int, name: str) -> Location:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Location(name, line, column)


class _Converter:
    """lxml's tree → ``XmlElement``s, each located at its start tag's ``<``."""

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        # every start tag's name and offset, in document order (comments, CDATA skipped)
        self.tags = [(m.group(1), m.start()) for m in _TOKEN.finditer(text) if m.group(1)]
        self.index = 0

    def convert(self, element: Any) -> XmlElement:
        from lxml import etree

        qname = etree.QName(element)
        location = Location(self.name, element.sourceline or 0, 0)
        if self.index < len(self.tags):
            tag, offset = self.tags[self.index]
            if tag.rsplit(":", 1)[-1] == qname.localname:
                location = _at(self.text, offset, self.name)
        self.index += 1
        attributes = {etree.QName(k).localname: str(v) for k, v in element.attrib.items()}
        node = XmlElement(qname.localname, qname.namespace or "", attributes,
                          (element.text or "").strip(), location)
        node.children.extend(self.convert(child) for child in element
                             if isinstance(child.tag, str))
        return node
