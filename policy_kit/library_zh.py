"""Other libraries' complaints, said in Chinese: Python's ``json``, ``csv``, the UTF-8
decoder and the operating system, libxml2 (through lxml) and openpyxl speak English only,
and Chinese output quotes none of their words.

Part of load, beside the readers and writers that meet these errors (render's
``--path``/``--heat``, BPMN and its simulation parameters, XES logs, CSV and XLSX sheets,
output files). Each function names the *kind* of mistake in Chinese; the place (line:col)
is the caller's, from the error's own numbers. A kind not listed falls back to a plain
"syntax error" with the library's error number or name (code, which a reader can look up),
never its English sentence.
"""

from __future__ import annotations

import errno
import json
from typing import Any

__all__ = ["csv_error_zh", "decode_error_zh", "json_error_zh", "os_error_zh",
           "workbook_error_zh", "xml_error_zh"]

_JSON = (
    ("Expecting value", "这里应有一个值（文件是空的，或不是 JSON）"),
    ("Expecting property name enclosed in double quotes",
     "这里应有用双引号括起的键名（JSON 的键要写双引号，最后一项后不能有逗号）"),
    ("Expecting ':' delimiter", "键名后应有冒号 `:`"),
    ("Expecting ',' delimiter", "两项之间应有逗号 `,`"),
    ("Extra data", "JSON 值结束后还有多余的内容"),
    ("Unterminated string", "字符串没有结束的双引号"),
    ("Invalid control character", "字符串中有控制字符（换行、制表符要写成 `\\n`、`\\t`）"),
    ("Invalid \\uXXXX escape", "无效的 `\\uXXXX` 转义"),
    ("Invalid \\escape", "无效的反斜杠转义"),
    ("Illegal trailing comma", "最后一项后多了逗号"),
)
"""The json module's messages (CPython's ``json.decoder`` and ``_json``), by their start."""


def json_error_zh(error: json.JSONDecodeError) -> str:
    """The kind of ``error`` in Chinese (its line:col is ``error.lineno``/``colno``)."""
    return next((zh for start, zh in _JSON if error.msg.startswith(start)), "JSON 语法错误")


_XML = {
    "ERR_DOCUMENT_EMPTY": "没有找到起始标签（文件是空的，或不以 `<` 开头）",
    "ERR_DOCUMENT_START": "没有找到起始标签（文件不以 `<` 开头）",
    "ERR_DOCUMENT_END": "根元素结束后还有多余的内容",
    "ERR_TAG_NOT_FINISHED": "数据在元素结束之前就结束了（文件不完整）",
    "ERR_TAG_NAME_MISMATCH": "开始标签与结束标签不匹配",
    "ERR_GT_REQUIRED": "开始标签缺少结尾的 `>`",
    "ERR_LTSLASH_REQUIRED": "结束标签应以 `</` 开头",
    "ERR_NAME_REQUIRED": "元素名称无效",
    "ERR_ATTRIBUTE_NOT_STARTED": "属性值应写在引号里",
    "ERR_ATTRIBUTE_WITHOUT_VALUE": "属性缺少值",
    "ERR_ATTRIBUTE_REDEFINED": "同一属性写了两次",
    "ERR_LT_IN_ATTRIBUTE": "属性值中不能直接写 `<`（请写 `&lt;`）",
    "ERR_UNDECLARED_ENTITY": "引用了未定义的实体",
    "WAR_UNDECLARED_ENTITY": "引用了未定义的实体",
    "ERR_ENTITYREF_SEMICOL_MISSING": "实体引用缺少结尾的 `;`（`&` 要写成 `&amp;`）",
    "ERR_NAME_TOO_LONG": "名称过长",
    "ERR_INVALID_CHAR": "含有 XML 不允许的字符",
    "ERR_INVALID_CHARREF": "无效的字符引用",
    "ERR_COMMENT_NOT_FINISHED": "注释没有结束（缺少 `-->`）",
    "ERR_UNSUPPORTED_ENCODING": "声明了不支持的编码",
    "ERR_INVALID_ENCODING": "文本的编码与声明的不符",
    "ERR_STRING_NOT_CLOSED": "字符串没有结束的引号",
    "ERR_SPACE_REQUIRED": "这里应有空格",
    "ERR_RESERVED_XML_NAME": "XML 声明只能写在文件开头",
    "NS_ERR_UNDEFINED_NAMESPACE": "使用了未声明的命名空间前缀",
}
"""libxml2's error kinds (lxml's ``ErrorTypes`` names) a hand-edited file meets most."""


def xml_error_zh(error: Any) -> str:
    """The kind of an lxml ``XMLSyntaxError`` in Chinese (its place is ``error.position``)."""
    from lxml import etree  # type: ignore[import-untyped]  # loaded: it raised ``error``

    code = getattr(error, "code", None)
    kinds = {getattr(etree.ErrorTypes, name, None): name for name in _XML}
    name = kinds.get(code, "")
    return _XML[name] if name else "XML 语法错误" + (f"（libxml2 错误 {code}）" if code else "")


def decode_error_zh(error: UnicodeDecodeError) -> str:
    """A file that is not UTF-8, with the first byte that is not."""
    bad = error.object[error.start:error.start + 1]
    return f"不是 UTF-8 文本（第 {error.start + 1} 个字节 0x{bad.hex()} 有误）"


_CSV = (
    ("unexpected end of data", "引号没有配对，文件就结束了"),
    ("line contains NUL", "含有空字符（NUL），这是二进制文件吗？"),
    ("field larger than field limit", "单元格过长（超过读取上限）"),
    ("new-line character seen in unquoted field", "没有引号的单元格中有换行"),
)
"""The csv module's messages, by their start."""


def csv_error_zh(error: Exception) -> str:
    """The kind of a ``csv.Error`` in Chinese (the caller knows the line)."""
    text = str(error)
    return next((zh for start, zh in _CSV if text.startswith(start)), "CSV 格式错误")


def workbook_error_zh(error: Exception) -> str:
    """Why openpyxl could not open a workbook, in Chinese."""
    import zipfile

    if isinstance(error, zipfile.BadZipFile):
        return ("不是 XLSX 工作簿（XLSX 是 ZIP 压缩包；`.xls` 等旧格式请先在 Excel 中另存为 "
                "`.xlsx`）")
    if isinstance(error, KeyError):
        return "压缩包中缺少工作簿的组成部分（文件不完整，或不是 Excel 保存的）"
    return f"无法打开工作簿（`{type(error).__name__}`）"


_OS = {
    errno.ENOENT: "没有这个文件或文件夹",
    errno.EACCES: "没有权限",
    errno.EPERM: "不允许这样操作",
    errno.EISDIR: "这是文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "文件系统是只读的",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接循环",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "输入输出错误",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EDQUOT: "超出磁盘配额",
}
"""The operating system's errors a reader or writer of files meets."""


def os_error_zh(error: OSError) -> str:
    """An ``OSError``'s reason in Chinese (``strerror`` is the C library's English)."""
    number = error.errno
    if number in _OS:
        return _OS[number]
    name = errno.errorcode.get(number or 0, "")
    return f"系统错误 `{name}`" if name else "系统错误"
