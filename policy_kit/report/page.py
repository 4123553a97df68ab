"""The report as one HTML file: header, contents, sections, inline CSS and script.

Part of report, the last step: a pure function from a ``Report`` to text. Nothing in the
page loads anything: pictures are inline SVG, the style and the small pan-and-zoom script
are inline, fonts are named (Noto Sans CJK, as on the pictures), not fetched, and a
Content-Security-Policy forbids every request, so the file opens from a USB stick with
the network off. Printed on A4, each section starts a page and no picture is cut.
"""

from __future__ import annotations

from .markup import esc
from .model import Report
from .words import say

__all__ = ["to_html"]

FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
         '"Microsoft YaHei", sans-serif')

POLICY = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
          "img-src data:; font-src data:")

CSS = """
:root { --ink: #1f1f1f; --muted: #666; --line: #d9d9d9; --accent: #1f4e9e; }
* { box-sizing: border-box; }
body { font-family: FONTS; color: var(--ink); margin: 0; background: #fafafa;
       line-height: 1.5; font-size: 15px; }
main, header.report { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.report { padding-top: 28px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 21px; border-bottom: 2px solid var(--accent); padding-bottom: 4px;
     margin: 0 0 14px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px;
         font-size: 13px; color: var(--muted); margin: 10px 0; }
dl.run dt { font-weight: bold; } dl.run dd { margin: 0; }
code { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; font-size: 12.5px;
       word-break: break-all; }
nav.contents { font-size: 14px; margin: 8px 0 18px; }
nav.contents a { color: var(--accent); margin-right: 16px; text-decoration: none; }
section { background: #fff; border: 1px solid var(--line); border-radius: 6px;
          padding: 18px 22px; margin: 0 0 22px; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 6px 0 14px; }
.tile { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 160px;
        background: #f7f9fc; }
.tile .value { font-size: 24px; font-weight: bold; color: var(--accent); }
.tile .value small { font-size: 13px; font-weight: normal; color: var(--muted); }
.tile .ci { font-size: 12px; font-weight: normal; color: var(--muted); }
.tile .label { font-size: 13px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left;
         vertical-align: top; }
th { background: #f0f3f7; white-space: nowrap; }
table.findings td:nth-child(-n+3) { white-space: nowrap; }
table.compact td { padding: 3px 8px; }
table.narrow { width: auto; min-width: 40%; }
table.forecast-cases td:first-child, table.forecast-cases td:nth-child(n+3) {
  white-space: nowrap; font-variant-numeric: tabular-nums; }
table.whatif td:not(:first-child), table.bottlenecks td:nth-child(n+3) { text-align: right;
         font-variant-numeric: tabular-nums; }
figure { margin: 10px 0 18px; text-align: center; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
svg.diagram, svg.plot, svg.gantt { height: auto; display: block; margin: 0 auto; }
.muted { color: var(--muted); }
.ok { color: #1a7f37; font-weight: bold; }
.lead { font-size: 16px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-weight: bold;
         font-size: 12px; }
.badge.error { background: #fdd; color: #a00; } .badge.warning { background: #fff0c2; }
.badge.info { background: #e6f0ff; }
.hint { color: #1a5e20; font-size: 13px; }
.counterexample { font-size: 12.5px; background: #f6f6f6; padding: 4px 8px; margin-top: 4px;
                  border-radius: 4px; }
.counterexample ol { margin: 2px 0; padding-left: 24px; }
.counterexample code { word-break: normal; }
.zoom-tools { margin-bottom: 8px; display: flex; gap: 8px; align-items: center; }
.zoom-tools button { font: inherit; font-size: 13px; padding: 3px 10px; cursor: pointer; }
.zoom { height: 78vh; border: 1px solid var(--line); overflow: hidden; cursor: grab;
        background: #fff; touch-action: none; }
.zoom.dragging { cursor: grabbing; }
.zoom svg { width: 100% !important; max-width: none !important; height: 100% !important; }
@page { size: A4; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main, header.report { max-width: none; padding: 0; }
  nav.contents, .no-print { display: none; }
  section { border: none; padding: 0; margin: 0; break-before: page; }
  section:first-of-type { break-before: auto; }
  figure, .tiles, tr, .counterexample { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  svg.diagram, svg.plot, svg.gantt { max-height: 245mm; width: auto !important;
         max-width: 100% !important; }
  .zoom { height: auto; border: none; overflow: visible; }
  .zoom svg { height: auto !important; max-height: 260mm; }
}
""".replace("FONTS", FONTS)

SCRIPT = """
(function () {
  function setUp(box) {
    var svg = box.querySelector('svg');
    if (!svg || !svg.viewBox || !svg.viewBox.baseVal) { return; }
    var b = svg.viewBox.baseVal, home = [b.x, b.y, b.width, b.height], view = home.slice();
    var drag = null;
    function apply() { svg.setAttribute('viewBox', view.join(' ')); }
    function reset() { view = home.slice(); apply(); }
    function zoom(f, cx, cy) {
      var w = view[2] * f, h = view[3] * f;
      if (w > home[2] * 1.5 || w < home[2] / 60) { return; }
      view[0] += (view[2] - w) * cx; view[1] += (view[3] - h) * cy;
      view[2] = w; view[3] = h; apply();
    }
    function scale() {
      var r = box.getBoundingClientRect();
      return Math.max(view[2] / r.width, view[3] / r.height);
    }
    box.addEventListener('wheel', function (e) {
      e.preventDefault();
      var r = box.getBoundingClientRect();
      zoom(e.deltaY < 0 ? 0.8 : 1.25, (e.clientX - r.left) / r.width,
           (e.clientY - r.top) / r.height);
    }, {passive: false});
    box.addEventListener('pointerdown', function (e) {
      drag = [e.clientX, e.clientY]; box.classList.add('dragging');
      if (box.setPointerCapture) { box.setPointerCapture(e.pointerId); }
    });
    box.addEventListener('pointermove', function (e) {
      if (!drag) { return; }
      var s = scale();
      view[0] -= (e.clientX - drag[0]) * s; view[1] -= (e.clientY - drag[1]) * s;
      drag = [e.clientX, e.clientY]; apply();
    });
    function stop() { drag = null; box.classList.remove('dragging'); }
    box.addEventListener('pointerup', stop);
    box.addEventListener('pointercancel', stop);
    box.addEventListener('dblclick', reset);
    var tools = box.parentNode.querySelectorAll('[data-zoom-action]');
    Array.prototype.forEach.call(tools, function (button) {
      button.addEventListener('click', function () {
        var action = button.getAttribute('data-zoom-action');
        if (action === 'in') { zoom(0.67, 0.5, 0.5); }
        else if (action === 'out') { zoom(1.5, 0.5, 0.5); }
        else { reset(); }
      });
    });
    window.addEventListener('beforeprint', reset);
    box.setAttribute('data-zoom-ready', 'true');
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-zoom]'), setUp);
})();
"""


def to_html(report: Report) -> str:
    """The whole page, UTF-8 text."""
    lang = report.lang
    contents = "".join(f'<a href="#{s.id}">{esc(s.title)}</a>' for s in report.sections)
    sections = "".join(f'<section id="{s.id}" class="section-{s.id}"><h2>{esc(s.title)}</h2>'
                       f"{s.body}</section>" for s in report.sections)
    run = [("command", f"<code>{esc(report.command)}</code>"),
           ("version", esc(f"policy-kit {report.version}")),
           ("seed", esc(report.seed if report.seed is not None else "–")),
           ("date", esc(report.today.isoformat()))]
    header = "".join(f"<dt>{esc(say(key, lang))}</dt><dd>{value}</dd>" for key, value in run)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(report.title)} · {esc(say('report', lang))}</title>"
        f"<style>{CSS}</style></head><body>"
        f'<header class="report"><h1>{esc(report.title)}</h1>'
        f'<div class="muted">{esc(say("report", lang))} · <code>{esc(report.process)}</code></div>'
        f'<dl class="run">{header}</dl>'
        f'<nav class="contents">{contents}</nav></header>'
        f"<main>{sections}</main>"
        f"<script>{SCRIPT}</script></body></html>\n")
