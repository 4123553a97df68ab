"""SVG → PNG for Gantt charts, through librsvg's ``rsvg-convert`` (Debian: librsvg2-bin).

Part of render: the only place that runs ``rsvg-convert``. librsvg lays text out with
Pango and finds fonts through fontconfig, like Graphviz, so the Chinese labels come out in
"Noto Sans CJK SC" with the same font fallback as the process diagrams.
"""

from __future__ import annotations

import shutil
import subprocess

from ..errors import RenderError

__all__ = ["PROGRAM", "svg_to_png"]

PROGRAM = "rsvg-convert"
_TIMEOUT_S = 120


def svg_to_png(svg: str, zoom: float = 2.0, program: str = PROGRAM) -> bytes:
    """The PNG of ``svg``, drawn at ``zoom`` times its size (2 keeps small Chinese legible)."""
    found = shutil.which(program)
    if found is None:
        raise RenderError(f"cannot write a PNG: `{program}` is not installed (Debian/Ubuntu: "
                          "apt-get install librsvg2-bin); write an .svg instead",
                          zh=f"无法写出 PNG：没有安装 `{program}`（Debian/Ubuntu：apt-get install "
                             "librsvg2-bin）；请改写 .svg")
    try:
        done = subprocess.run([found, "--format=png", f"--zoom={zoom}"],
                              input=svg.encode("utf-8"), capture_output=True,
                              timeout=_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"`{program}` took more than {_TIMEOUT_S} s to draw the PNG",
                          zh=f"`{program}` 画 PNG 用了超过 {_TIMEOUT_S} 秒") from None
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        message = done.stderr.decode("utf-8", "replace").strip() or "no output"
        raise RenderError(f"`{program}` failed to draw the PNG: {message}",
                          zh=f"`{program}` 没能画出 PNG：{message}")
    return done.stdout
