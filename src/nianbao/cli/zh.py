"""argparse in Chinese: the headings, the usage line and argparse's own error messages, and
every command's ``--help`` ending with examples and the exit codes.

argparse builds its texts with ``gettext`` and has no Chinese catalogue; rather than patch the
module, a parser subclass renames the groups it creates and translates the messages it
passes to ``error`` (the English originals are few and stable since Python 3.9).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

#: what exit status 1 means, for the commands that use it (``nianbao.cli.exit_code``)
FAILING = {
    "check": "有达到 --fail-on 级别的问题",
    "render": "检查发现错误，未生成（--force 仍然生成）",
}

#: examples shown at the end of each command's ``--help``
EXAMPLES: dict[str, tuple[str, ...]] = {
    "parse": (
        "nianbao parse 报告.pdf                    # 官方格式的三张表",
        "nianbao parse --json 报告.docx > 报告.json # 数据模型 JSON",
        "nianbao parse --json 年报目录/ | jq .meta  # 多份报告：每份一行（JSON Lines）",
        "curl -s URL | nianbao parse -             # 从标准输入读取",
        "nianbao parse --format html -o 输出目录/ a.pdf b.docx",
    ),
    "check": (
        "nianbao check 报告.pdf                    # 列出问题并画出标注问题格的表",
        "nianbao check 年报目录/ --out 检查意见/    # 每份一页检查意见，另有 index.html 和汇总表",
        "nianbao check --out 检查意见/ --docx --pdf 年报目录/   # 另存 DOCX 和 PDF",
        "nianbao check --json --fail-on error 报告.pdf   # 发布前检查：有错误时退出码 1",
        "nianbao check --previous 2022年报.pdf 2023年报.pdf",
        "nianbao check --select T3 --skip T3-05 报告.pdf",
        "nianbao check --config nianbao.toml 年报目录/      # 地方规则、OCR 阈值、各项上限",
        "nianbao check --pages 第1页.jpg 第2页.jpg 第3页.jpg  # 各页图片合为一份报告",
    ),
    "rules": (
        "nianbao rules",
        "nianbao rules --json | jq '.[].id'",
    ),
    "template": (
        "nianbao template --year 2024 --format xlsx",
        "nianbao template --year 2024 --format yaml --out 年报数据.yaml",
    ),
    "render": (
        "nianbao render 年报数据-2024.xlsx --out 报告.docx",
        "nianbao render 年报数据.yaml --out 报告.pdf --force",
    ),
    "ledger": ("nianbao ledger 台账2024.xlsx --year 2024 --previous 台账2023.csv --out 数据.xlsx",),
    "ingest": (
        "nianbao ingest 年报目录/",
        "nianbao ingest 年报目录/ --db postgresql://user@host/db --jobs 8",
    ),
    "organs": ("nianbao organs", "nianbao organs --alias 另一种写法 --to 机关名称"),
    "export": ("nianbao export --format xlsx --where year=2023 --out 导出/",),
    "stats": ("nianbao stats --by region --where year=2023", "nianbao stats --plot 图表/"),
    "compare": ("nianbao compare 机关名称", "nianbao compare --year 2023 --rank received --top 10"),
    "rollup": ("nianbao rollup 清河县人民政府 --year 2023",),
    "serve": (
        "nianbao serve                              # 打开 http://127.0.0.1:8000/",
        "nianbao serve --db 年报.sqlite --port 8080",
        "nianbao serve --host 0.0.0.0 --token $(openssl rand -hex 16)   # 供局域网访问，须带令牌",
    ),
}

#: argparse's own messages (Python 3.11) → Chinese; matched in order on the whole message
_MESSAGES: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"缺少必需的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"one of the arguments (.*) is required", r"参数 \1 必须给出其中之一"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 有歧义，可能是：\2"),
    (r"argument (.+?): (.*)", r"参数 \1：\2"),
)
_DETAILS: tuple[tuple[str, str], ...] = (
    (r"invalid choice: (.*) \(choose from (.*)\)", r"无效的选择 \1（可选：\2）"),
    (r"invalid (\w+) value: (.*)", r"无效的 \1 值 \2"),
    (r"expected one argument", "需要一个值"),
    (r"expected at least one argument", "至少需要一个值"),
    (r"expected at most one argument", "至多一个值"),
    (r"not allowed with argument (.*)", r"不能与参数 \1 同时使用"),
    (r"ignored explicit argument (.*)", r"多余的值 \1"),
)


def translate(message: str) -> str:
    """argparse's English error message in Chinese (unknown messages are kept as they are)."""
    for pattern, zh in _MESSAGES:
        m = re.fullmatch(pattern, message, flags=re.DOTALL)
        if m is None:
            continue
        text = m.expand(zh)
        if pattern.startswith("argument"):
            detail = m.group(2)
            for dp, dz in _DETAILS:
                detail = re.sub(f"^{dp}$", dz, detail)
            text = f"参数 {m.group(1)}：{detail}"
        return text
    return message


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help with 「用法：」 and the epilog's line breaks kept (examples, exit codes)."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Chinese; subcommands get the same class (argparse's
    ``add_subparsers`` defaults ``parser_class`` to ``type(self)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        name = (str(kwargs.get("prog", "")).split() or [""])[-1]
        if "epilog" not in kwargs and name != "nianbao":
            kwargs["epilog"] = epilog(EXAMPLES.get(name, ()), command=name)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "显示此帮助并退出"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}（bad usage; see --help）\n")


def epilog(examples: Iterable[str], *, command: str | None = None) -> str:
    """Examples (when any) and the exit codes of ``command`` (all commands': None)."""
    lines = list(examples)
    head = "示例：\n" + "\n".join(f"  {x}" for x in lines) + "\n\n" if lines else ""
    if command is None:
        one = "；".join(f"{c}：{text}" for c, text in FAILING.items())
    else:
        one = FAILING.get(command, "")
    codes = ["退出码：", "  0    成功"]
    codes += [f"  1    {one}"] if one else []
    codes += ["  2    有文件无法读取，或参数有误", "  130  被中断（Ctrl-C）"]
    return head + "\n".join(codes)
