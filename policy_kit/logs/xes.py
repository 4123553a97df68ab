"""Case logs in XES (IEEE 1849), plain or gzipped, streamed.

Part of **load**. lxml's ``iterparse`` reads one trace at a time and each trace is
dropped from the tree once read, so memory holds a single case however large the file.
Entity expansion and network access are off: an XES file from elsewhere can neither
expand into gigabytes nor make the reader fetch anything. Attribute keys follow the XES
standard extensions (``concept:name``, ``time:timestamp``, ``lifecycle:transition``,
``org:resource``); the trace's ``outcome`` attribute says how a case ended, and a user's
column flags may name any other key.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import IO, Any

from ..errors import LogError
from ..library_zh import xml_error_zh
from ..model.common import Text
from .collect import Collector, counted, lifecycle_role
from .model import Columns, Log
from .options import ReadOptions
from .times import parse_timestamp, whole_day

__all__ = ["read_xes"]

_ATTRIBUTES = frozenset({"string", "date", "int", "float", "boolean", "id"})


def _local(tag: Any) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _attributes(element: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for child in element:
        if _local(child.tag) in _ATTRIBUTES:
            key = child.get("key")
            value = child.get("value")
            if key is not None and value is not None:
                found[key] = value
    return found


def read_xes(path: Path, options: ReadOptions) -> Log:
    from lxml import etree  # type: ignore[import-untyped]  # only for XES: off start-up

    columns = Columns(
        options.case or "concept:name", options.activity or "concept:name",
        options.end or "time:timestamp", options.start, options.resource or "org:resource",
        "lifecycle:transition", options.outcome or "outcome", options.deadline)
    collector = Collector()
    state = _State(path, options, columns, collector)
    stream: IO[bytes] = _open(path)
    try:
        parser = etree.iterparse(stream, events=("end",), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False,
                                 remove_comments=True)
        for _, element in parser:
            name = _local(element.tag)
            if name == "event":
                state.event(element)
            elif name == "trace":
                state.trace(element)
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as error:
        line = error.lineno or 0
        where = f"{path}:{line}:{error.offset or 0}"
        refusal = _refusal(error)
        raise LogError(f"{where}: {refusal.en}", zh=f"{where}：{refusal.zh}") from None
    except (OSError, EOFError) as error:
        raise LogError(f"{path}: cannot read ({error})",
                       zh=f"{path}：无法读取（{error}）") from None
    finally:
        stream.close()
    traces, warnings = collector.traces()
    if not collector.events:
        raise LogError(f"{path}: the log has no events", zh=f"{path}：日志中没有事件")
    if state.blank:
        warnings.insert(0, Text(
            zh=f"{state.blank:,} 条轨迹没有案件编号(`{columns.case}`),未计入",
            en=f"{counted(state.blank, 'trace')} {'has' if state.blank == 1 else 'have'} no "
               f"case id (`{columns.case}`) and {'was' if state.blank == 1 else 'were'} left out"))
    if collector.events == 1:
        warnings.append(Text(zh="日志只有一个事件:以下数字都只依据它",
                             en="the log has one event: every figure below rests on it"))
    if state.naive:
        warnings.append(Text(zh=f"没有时区的时间按 {options.zone} 理解",
                             en=f"timestamps without an offset were taken in {options.zone}"))
    return Log(str(path), "xes", traces, columns, collector.events, tuple(warnings))


def _refusal(error: Any) -> Text:
    """What lxml's message means for an XES file, in one line: hostile constructs are
    named as what they are (none has a place in an event log). lxml's own words stay
    in parentheses, quoted, in English; Chinese says the kind of mistake."""
    text = " ".join(str(error.msg).split())
    lowered = text.lower()
    if "amplification" in lowered or "entity reference loop" in lowered:
        return Text(en="entities that expand without bound (a 'billion laughs' document); "
                       "an XES log needs no entity declarations, and none is expanded",
                    zh="无限展开的实体（“billion laughs”文档）；XES 日志不需要实体声明，"
                       "一概不展开")
    if "external" in lowered and "entity" in lowered:
        return Text(en="a reference to an external entity; an XES log is read without "
                       "fetching any other file or address, so write the value itself",
                    zh="引用了外部实体；读取 XES 日志时不会去取任何其他文件或地址，请直接写出值")
    if "huge" in lowered or "resource limit" in lowered or "too long" in lowered:
        return Text(en="a value or name longer than 10 MB (the parser's limit for one "
                       "text); no attribute of a real event log is that long",
                    zh="值或名称超过 10 MB（解析器对单个文本的上限）；真实事件日志的属性不会这么长")
    if "entity" in lowered:
        return Text(en=f"an entity the reader does not expand ({text}); write the value "
                       "itself", zh="读取器不展开的实体；请直接写出值")
    return Text(en=f"not well-formed XES ({text})", zh=f"不是格式良好的 XES：{xml_error_zh(error)}")


def _open(path: Path) -> IO[bytes]:
    stream = path.open("rb")
    magic = stream.read(2)
    stream.seek(0)
    if magic == b"\x1f\x8b":
        stream.close()
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return stream


class _State:
    """The events of the trace being read, waiting for the trace's own attributes."""

    def __init__(self, path: Path, options: ReadOptions, columns: Columns,
                 collector: Collector) -> None:
        self.path = path
        self.options = options
        self.columns = columns
        self.collector = collector
        self.pending: list[tuple[str, str | None, Any, str | None, int, int]] = []
        self.number = 0
        self.blank = 0
        self.naive = False

    def event(self, element: Any) -> None:
        self.number += 1
        values = _attributes(element)
        columns = self.columns
        activity = values.get(columns.activity)
        line = element.sourceline or self.number
        if activity is None:
            raise LogError(f"{self.path}:{line}: an event without `{columns.activity}`",
                           zh=f"{self.path}:{line}：事件没有 `{columns.activity}`")
        stamp = values.get(columns.end or "time:timestamp")
        if stamp is None:
            raise LogError(f"{self.path}:{line}: event `{activity}` has no "
                           f"`{columns.end}`",
                           zh=f"{self.path}:{line}：事件 `{activity}` 没有 `{columns.end}`")
        moment, naive = parse_timestamp(stamp, self.options.zone)
        if moment is None:
            raise LogError(f"{self.path}:{line}: `{columns.end}`: `{stamp}` is not a "
                           "timestamp",
                           zh=f"{self.path}:{line}：`{columns.end}`：`{stamp}` 不是时间")
        self.naive |= naive
        role = lifecycle_role(values.get("lifecycle:transition"))
        self.pending.append((activity, role, moment, values.get(columns.resource or ""),
                             line, self.number))
        element.clear()

    def trace(self, element: Any) -> None:
        values = _attributes(element)
        columns = self.columns
        case = values.get(columns.case)
        events, self.pending = self.pending, []
        if case is None or not case.strip():
            self.blank += 1
            return
        collector = self.collector
        record = collector.case(case)
        outcome = values.get(columns.outcome or "outcome")
        record.outcome = outcome if outcome not in (None, "", "unfinished") else None
        if columns.deadline is not None and columns.deadline in values:
            text = values[columns.deadline]
            moment, _ = parse_timestamp(text, self.options.zone)
            record.deadline = None if moment is None else whole_day(text, moment)
        record.attributes = {k: v for k, v in values.items() if k != columns.case}
        for activity, role, moment, resource, _line, number in events:
            collector.event(case, activity, role, moment, resource, number)
