"""Errors that carry the file and a reason in Chinese and English, for one-line CLI messages."""

from __future__ import annotations


class NianbaoError(Exception):
    """Input nianbao cannot read. The CLI prints ``str(err)`` and exits 2; a batch goes on."""

    def __init__(self, path: str | None, reason_zh: str, reason_en: str, code: str = "unreadable"):
        self.path = path
        self.reason_zh = reason_zh
        self.reason_en = reason_en
        self.code = code
        super().__init__(str(self))

    def __str__(self) -> str:
        name = self.path or "<输入>"
        return f"{name}：{self.reason_zh}（{self.reason_en}）"


class UnsupportedFormat(NianbaoError):
    def __init__(self, path: str | None, reason_zh: str, reason_en: str):
        super().__init__(path, reason_zh, reason_en, code="unsupported")


class LimitExceeded(NianbaoError):
    def __init__(self, path: str | None, reason_zh: str, reason_en: str):
        super().__init__(path, reason_zh, reason_en, code="limit")


class MissingDependency(NianbaoError):
    def __init__(self, path: str | None, what: str, install: str):
        super().__init__(
            path,
            f"读取此格式需要 {what}，请安装：{install}",
            f"reading this format needs {what}; install it with: {install}",
            code="dependency",
        )


class PageSkipped(NianbaoError):
    """One page not read while the rest of the document is: its reader records the reason as a
    problem of that page (``code``) and goes on with the next page."""

    def __init__(self, path: str | None, reason_zh: str, reason_en: str, code: str):
        super().__init__(path, reason_zh, reason_en, code=code)
