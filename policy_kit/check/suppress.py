"""Suppressions: warnings the authors accept, with their reason; errors stay errors.

Part of load → **check**. A ``suppress`` entry names a code and an id; it accepts every
warning (or remark) of that code whose ids include that id, and the output still shows
the finding with the reason. An entry that accepts nothing, or that names an error, is
itself reported (PK003), so a stale suppression cannot hide in the file.
"""

from __future__ import annotations

from .catalogue import CATALOGUE
from .findings import Finding
from .where import Where

__all__ = ["apply_suppressions"]


def apply_suppressions(where: Where, findings: list[Finding]) -> list[Finding]:
    entries = where.definition.process.suppress
    used: set[int] = set()
    refused: dict[int, str] = {}
    result: list[Finding] = []
    for finding in findings:
        for i, entry in enumerate(entries):
            if entry.code != finding.code or entry.id not in finding.ids:
                continue
            if finding.severity == "error":
                refused.setdefault(i, finding.code)
                continue
            used.add(i)
            finding = finding.suppress(entry.reason)
            break
        result.append(finding)
    for i, entry in enumerate(entries):
        if i in used:
            continue
        if i in refused:
            zh = f"`{entry.code}` 是错误,错误不能被抑制;请修正 `{entry.id}`"
            en = f"`{entry.code}` is an error, and errors cannot be suppressed; fix `{entry.id}`"
        elif entry.code not in CATALOGUE:
            zh = f"没有编号为 `{entry.code}` 的检查(见 `policy-kit checks`)"
            en = f"there is no check `{entry.code}` (see `policy-kit checks`)"
        else:
            zh = f"这项抑制没有匹配任何关于 `{entry.id}` 的 `{entry.code}` 警告,可以删除"
            en = (f"this suppression matches no `{entry.code}` warning about `{entry.id}`; "
                  "remove it")
        result.append(where.finding("PK003", where.at(("suppress", i)), (entry.id,), zh, en))
    return result
