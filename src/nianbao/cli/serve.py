"""``nianbao serve``: the web app over the corpus database (see ``nianbao.web``)."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

from .common import Outcome, fail_usage

TOKEN_ENV = "NIANBAO_TOKEN"


def register(sub: Any) -> None:
    s = sub.add_parser(
        "serve",
        help="启动网页：上传、检查、浏览和比较报告",
        description="启动网页应用（默认只在本机 127.0.0.1 访问）：拖放上传报告并查看检查结论，"
        "点击单元格查看原文和原始页面，浏览、检索、比较和统计数据库中的报告",
    )
    s.add_argument(
        "--db", metavar="URL", help="数据库（默认当前目录 nianbao.sqlite，与 ingest 相同）"
    )
    s.add_argument(
        "--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1；其他地址须设 --token）"
    )
    s.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    s.add_argument(
        "--token",
        default=os.environ.get(TOKEN_ENV),
        help=f"访问令牌：设置后每个页面和接口都需要它（也可用环境变量 {TOKEN_ENV}）",
    )
    s.add_argument(
        "--data-dir",
        default="nianbao-data",
        metavar="DIR",
        help="上传文件（按内容哈希保存）和页面图像的目录（默认 nianbao-data）",
    )
    s.add_argument("--max-upload-mb", type=int, default=32, help="单个文件上限 MiB（默认 32）")
    s.add_argument("--max-files", type=int, default=20, help="一次上传的文件数上限（默认 20）")
    s.add_argument("--jobs", type=int, default=1, help="读取上传文件的进程数（默认 1）")
    s.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> Outcome:
    token = args.token or None
    if token is not None and (len(token) < 8 or not token.isascii() or not token.isprintable()):
        return fail_usage(
            "访问令牌须为至少 8 个可打印 ASCII 字符（token: 8+ printable ASCII characters）"
        )
    if token is not None and any(ch in token for ch in ';, "\\'):
        return fail_usage(
            "访问令牌不能含空格、引号、逗号、分号或反斜杠（token has a forbidden character）"
        )
    if not is_loopback(args.host) and token is None:
        return fail_usage(
            f"拒绝在 {args.host} 上启动：非本机地址必须设置 --token"
            f"（refusing to listen on a non-loopback address without --token）"
        )
    try:
        import uvicorn

        from ..web import WebConfig, create_app
    except ModuleNotFoundError as err:
        return fail_usage(f"网页功能需要安装：pip install 'nianbao[web]'（missing {err.name}）")
    mib = 1024 * 1024
    config = WebConfig(
        db=args.db,
        data_dir=Path(args.data_dir),
        token=token,
        max_upload_bytes=args.max_upload_mb * mib,
        max_files=args.max_files,
        max_request_bytes=max(64 * mib, args.max_upload_mb * mib * 2),
        jobs=args.jobs,
    )
    app = create_app(config)
    shown = f"http://{args.host}:{args.port}/" + (f"?token={token}" if token else "")
    print(f"nianbao 网页：{shown}（Ctrl+C 停止）", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return Outcome()
