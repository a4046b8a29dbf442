"""Charts of the corpus statistics: PNG files (matplotlib, CJK font) and one self-contained
interactive HTML page (ECharts 6, inlined from the copy shipped in the package; no CDN)."""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from typing import Any

from .stats import FIGURES, Group

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "Source Han Sans SC"]
_RATES = [f for f in FIGURES if f.per and f.id.endswith("_rate")]
_CORRECTION = [f for f in FIGURES if f.id.endswith("_correction")]


def chart_data(groups: list[Group], rule_titles: dict[str, str]) -> dict[str, Any]:
    """Everything the charts show, as plain data (also embedded in the HTML page)."""
    names = [g.name for g in groups]
    rules: dict[str, int] = {}
    for g in groups:
        for rule, n in g.rules.items():
            rules[rule] = rules.get(rule, 0) + n
    top = sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {
        "groups": names,
        "received": [g.figure("received") for g in groups],
        "carried_over": [g.figure("carried_over") for g in groups],
        "rates": {f.zh: [_pct(g.figure(f.id)) for g in groups] for f in _RATES},
        "correction": {f.zh: [_pct(g.figure(f.id)) for g in groups] for f in _CORRECTION},
        "error_share": [_pct(g.error_share) for g in groups],
        "rules": [[f"{r} {rule_titles.get(r, '')}".strip(), n] for r, n in top],
    }


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def write_png(data: dict[str, Any], outdir: Path, title: str) -> list[Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = CJK_FONTS
    plt.rcParams["axes.unicode_minus"] = False
    outdir.mkdir(parents=True, exist_ok=True)
    names = data["groups"]
    x = list(range(len(names)))
    written = []

    def save(fig: Any, name: str) -> None:
        fig.tight_layout()
        path = outdir / name
        fig.savefig(path, dpi=120)
        plt.close(fig)
        written.append(path)

    fig, ax = plt.subplots(figsize=(max(6, len(names) * 0.8), 4))
    ax.bar([i - 0.2 for i in x], data["received"], width=0.4, label="本年新收申请")
    ax.bar([i + 0.2 for i in x], data["carried_over"], width=0.4, label="上年结转申请")
    ax.set_xticks(x, names, rotation=30, ha="right")
    ax.set_title(f"{title}：政府信息公开申请数量")
    ax.legend()
    save(fig, "applications.png")

    fig, ax = plt.subplots(figsize=(max(6, len(names) * 0.8), 4))
    bottom = [0.0] * len(names)
    for label, values in data["rates"].items():
        vals = [v or 0.0 for v in values]
        ax.bar(x, vals, bottom=bottom, label=label)
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    ax.set_xticks(x, names, rotation=30, ha="right")
    ax.set_ylabel("占办理结果总计 %")
    ax.set_title(f"{title}：办理结果构成")
    ax.legend(fontsize=8)
    save(fig, "outcomes.png")

    fig, ax = plt.subplots(figsize=(max(6, len(names) * 0.8), 4))
    for i, (label, values) in enumerate(data["correction"].items()):
        ax.bar([j + (i - 0.5) * 0.4 for j in x], [v or 0.0 for v in values], width=0.4, label=label)
    ax.set_xticks(x, names, rotation=30, ha="right")
    ax.set_ylabel("%")
    ax.set_title(f"{title}：行政复议、行政诉讼纠错率")
    ax.legend()
    save(fig, "correction.png")

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4))
    left.bar(x, [v or 0.0 for v in data["error_share"]])
    left.set_xticks(x, names, rotation=30, ha="right")
    left.set_ylabel("%")
    left.set_title("有错误的报告占比")
    rules = data["rules"][::-1]
    right.barh([r[0] for r in rules], [r[1] for r in rules])
    right.set_title("最常违反的规则（报告数）")
    save(fig, "errors.png")
    return written


def write_html(data: dict[str, Any], path: Path, title: str) -> Path:
    """One page, ECharts and the chart script (``static/charts.js``, shared with the web app)
    inlined: opens offline, nothing fetched."""
    static = resources.files("nianbao.store").joinpath("static")
    echarts = static.joinpath("echarts.min.js").read_text("utf-8")
    charts = static.joinpath("charts.js").read_text("utf-8")
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    page = _PAGE.format(
        title=html.escape(title),
        echarts=echarts.replace("</script", "<\\/script"),
        charts=charts.replace("</script", "<\\/script"),
        data=payload,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;margin:1em 2em}} .chart{{width:100%;height:420px;margin-bottom:2em}}</style>
<script>{echarts}</script></head>
<body><h1>{title}</h1>
<div id="applications" class="chart"></div><div id="outcomes" class="chart"></div>
<div id="correction" class="chart"></div><div id="errors" class="chart"></div><div id="rules" class="chart"></div>
<script type="application/json" id="stats-data">{data}</script>
<script>{charts}</script>
</body></html>
"""
