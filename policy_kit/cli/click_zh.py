"""click's own strings in Chinese, and the gettext catalogue (``.mo``) made from them.

Part of the CLI edge (``i18n`` installs the catalogue for a Chinese run). The keys are
click's messages exactly as its source passes them to ``gettext`` (click 8.x); a plural
message is keyed by its singular and plural, joined by NUL as in a ``.mo`` file, and
Chinese has one form for both. Left out on purpose: strings click makes once, at import or
on first use, and then keeps (a ``click.Path``'s "file", the help option's "Show this
message and exit."): gettext would fix them in whichever language ran first in a process.
``HELP_ZH`` translates the help ones when help is written; the Path messages below are
written without the kind of path.

Rebuild the catalogue after an edit (a test fails while they differ)::

    .venv/bin/python -m policy_kit.cli.click_zh
"""

from __future__ import annotations

import struct
from pathlib import Path

__all__ = ["CLICK_ZH", "MO_PATH", "mo_bytes"]

MO_PATH = Path(__file__).resolve().parent.parent / "locale" / "zh" / "LC_MESSAGES" / \
    "policy_kit_click.mo"

CLICK_ZH: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "default: {default}": "默认值：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "(动态)",
    "deprecated": "已弃用",
    "Aborted!": "已中止！",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?\0(Did you mean one of: {possibilities}?)":
        "是不是 {possibility}？",
    "Missing command.": "缺少命令。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Got unexpected extra argument ({args})\0Got unexpected extra arguments ({args})":
        "多出了参数（{args}）",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.\0Option {name!r} requires {nargs} arguments.":
        "选项 {name!r} 需要 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.\0Takes {nargs} values but {len} were given.":
        "需要 {nargs} 个值，给出了 {len} 个。",
    "Value must be an iterable.": "值必须是一组值。",
    "{value!r} is not {choice}.\0{value!r} is not one of {choices}.":
        "{value!r} 不在可选值 {choices} 之中。",
    "Choose from:\n\t{choices}": "可选值：\n\t{choices}",
    "{value!r} does not match the format {format}.\0"
    "{value!r} does not match the formats {formats}.":
        "{value!r} 不符合格式 {formats}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 之内。",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} 不是布尔值。可用的值：{states}",
    "{len_type} values are required, but {len_value} was given.\0"
    "{len_type} values are required, but {len_value} were given.":
        "需要 {len_type} 个值，给出了 {len_value} 个。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数。",
    "{value!r} is not a valid UUID.": "{value!r} 不是有效的 UUID。",
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{filename!r} 不可写。",
    "{name} {filename!r} is not executable.": "{filename!r} 不可执行。",
    "Error: The two entered values do not match.": "错误：两次输入的值不一致。",
    "Error: invalid input": "错误：输入无效",
    "Repeat for confirmation": "再输入一次以确认",
    "Press any key to continue...": "按任意键继续……",
}
"""click's message → its Chinese (click formats a plural message with every placeholder
of both forms, so the one Chinese form may use either)."""

_HEADER = ("Content-Type: text/plain; charset=UTF-8\n"
           "Plural-Forms: nplurals=1; plural=0;\n")


def mo_bytes(messages: dict[str, str]) -> bytes:
    """A GNU ``.mo`` catalogue of ``messages`` (the format gettext reads: a header, then
    the sorted originals and their translations as offset tables and NUL-ended strings)."""
    entries = sorted([("", _HEADER), *messages.items()])
    originals = [key.encode("utf-8") for key, _ in entries]
    translations = [value.encode("utf-8") for _, value in entries]
    count = len(entries)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + sum(len(o) + 1 for o in originals)
    table: list[int] = []
    offset = key_start
    for original in originals:
        table += [len(original), offset]
        offset += len(original) + 1
    offset = value_start
    for translation in translations:
        table += [len(translation), offset]
        offset += len(translation) + 1
    head = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    return head + struct.pack(f"<{len(table)}I", *table) + b"".join(
        o + b"\0" for o in originals) + b"".join(t + b"\0" for t in translations)


if __name__ == "__main__":
    MO_PATH.parent.mkdir(parents=True, exist_ok=True)
    MO_PATH.write_bytes(mo_bytes(CLICK_ZH))
    print(f"wrote {MO_PATH}")
