"""A sweep drawn as SVG: a line for one parameter, a heat map for two (or, for a random
sample or more parameters, the points over the first two, coloured by the KPI).

Part of **simulate** → render, and the one home of ``matplotlib`` (imported only here,
with the Agg backend, when a sweep writes its plot). The KPI drawn is the target's first
(else ``government.p90``); the cheapest point meeting the target is ringed.
"""

from __future__ import annotations

import io
from typing import Any

from .sweep import Sweep

__all__ = ["plot_kpi", "sweep_svg"]


def plot_kpi(sweep: Sweep) -> str:
    if sweep.target is not None:
        return sweep.target.terms[0][0]
    return "government.p90" if "government.p90" in sweep.kpi_names else sweep.kpi_names[0]


def sweep_svg(sweep: Sweep, title: str) -> str:
    """The plot of ``sweep`` as SVG text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kpi = plot_kpi(sweep)
    names = [p.name for p in sweep.parameters]
    xs = [row["values"][names[0]] for row in sweep.points]
    means = [row["kpis"].get(kpi, {}).get("mean") for row in sweep.points]
    figure, axes = plt.subplots(figsize=(7.5, 5.0), dpi=100)
    try:
        if len(names) == 1:
            _line(axes, sweep, kpi, xs, means)
        else:
            _two(figure, axes, sweep, kpi, names, xs, means)
        axes.set_xlabel(names[0])
        axes.set_title(f"{title}: {kpi}" + (f"  (target: {sweep.target.text})"
                                             if sweep.target else ""), fontsize=10)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
        return out.getvalue()
    finally:
        plt.close(figure)


def _line(axes: Any, sweep: Sweep, kpi: str, xs: list[Any], means: list[Any]) -> None:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    shown = [i for i in order if means[i] is not None]
    axes.plot([xs[i] for i in shown], [means[i] for i in shown], marker="o", color="#1f77b4")
    bands = [(xs[i], *sweep.points[i]["kpis"][kpi]["ci95"]) for i in shown
             if sweep.points[i]["kpis"][kpi]["ci95"]]
    if bands:
        axes.fill_between([b[0] for b in bands], [b[1] for b in bands],
                          [b[2] for b in bands], alpha=0.2, color="#1f77b4",
                          label="95% interval")
        axes.legend(loc="best", fontsize=8)
    _bounds(axes, sweep, kpi)
    if sweep.cheapest is not None and means[sweep.cheapest] is not None:
        axes.plot([xs[sweep.cheapest]], [means[sweep.cheapest]], "o", ms=14, mfc="none",
                  mec="#d62728", mew=2)
    axes.set_ylabel(kpi)
    axes.grid(alpha=0.3)


def _bounds(axes: Any, sweep: Sweep, kpi: str) -> None:
    if sweep.target is None:
        return
    for name, op, bound in sweep.target.terms:
        if name == kpi:
            axes.axhline(bound, color="#d62728", ls="--", lw=1, label=f"{op} {bound:g}")


def _two(figure: Any, axes: Any, sweep: Sweep, kpi: str, names: list[str], xs: list[Any],
         means: list[Any]) -> None:
    ys = [row["values"][names[1]] for row in sweep.points]
    grid_x, grid_y = sorted(set(xs)), sorted(set(ys))
    full = len(names) == 2 and len(grid_x) * len(grid_y) == len(xs)
    if full:
        cells = [[float("nan")] * len(grid_x) for _ in grid_y]
        for x, y, m in zip(xs, ys, means, strict=True):
            cells[grid_y.index(y)][grid_x.index(x)] = float("nan") if m is None else m
        image = axes.imshow(cells, origin="lower", aspect="auto", cmap="viridis_r")
        axes.set_xticks(range(len(grid_x)), [f"{v:g}" for v in grid_x])
        axes.set_yticks(range(len(grid_y)), [f"{v:g}" for v in grid_y])
        known = [m for m in means if m is not None]
        low, high = (min(known), max(known)) if known else (0.0, 0.0)
        for j, row in enumerate(cells):
            for i, value in enumerate(row):
                if value == value:  # light cells (low values, viridis_r) get dark text
                    dark = high == low or (value - low) / (high - low) < 0.5
                    axes.text(i, j, f"{value:.3g}", ha="center", va="center", fontsize=9,
                              color="black" if dark else "white")
        if sweep.cheapest is not None:
            i = grid_x.index(xs[sweep.cheapest])
            j = grid_y.index(ys[sweep.cheapest])
            axes.add_patch(_ring(i, j))
    else:
        image = axes.scatter(xs, ys, c=[float("nan") if m is None else m for m in means],
                             cmap="viridis_r", s=60)
        if sweep.cheapest is not None:
            axes.plot([xs[sweep.cheapest]], [ys[sweep.cheapest]], "o", ms=16, mfc="none",
                      mec="#d62728", mew=2)
    axes.set_ylabel(names[1])
    figure.colorbar(image, ax=axes, label=kpi)


def _ring(i: int, j: int) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((i - 0.5, j - 0.5), 1, 1, fill=False, ec="#d62728", lw=3)
