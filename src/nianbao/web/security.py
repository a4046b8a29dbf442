"""Safe by default: a strict Content-Security-Policy, the access token, and request size limits.

One ASGI middleware in front of the app: it refuses a request body over the limit with 413
(from the declared length, or while the body streams in), checks the token when one is set
(``Authorization: Bearer T``, the ``X-Nianbao-Token`` header, the cookie a browser gets by
opening any page once with ``?token=T``), refuses state-changing requests from another origin,
and adds the security headers to every response.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import Headers

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "nianbao_token"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)
HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class BodyTooLarge(Exception):
    """The request body went over the limit while streaming in."""


def too_large_message(limit: int) -> str:
    return f"上传内容过大：超过 {limit / 2**20:.0f} MiB 的上限（request body over the limit）"


class Guard:
    """The middleware; ``token`` None means no token is needed (loopback only, see ``serve``)."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_request_bytes: int) -> None:
        self.app = app
        self.token = token
        self.limit = max_request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        send = _with_headers(send)
        if self.token is not None:
            query_token = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"))).get(
                "token"
            )
            if query_token is not None and scope["method"] == "GET":
                await self._login(scope, query_token, send)
                return
            if not self._authorised(headers):
                await _plain(
                    send, scope, 401, "需要访问令牌：请用带 ?token= 的链接打开（token required）"
                )
                return
        if scope["method"] not in _SAFE_METHODS and not _same_origin(headers):
            await _plain(send, scope, 403, "拒绝跨站请求（cross-origin request refused）")
            return
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _plain(send, scope, 413, too_large_message(self.limit))
            return
        started = False

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _counted(receive, self.limit), tracked_send)
        except BodyTooLarge:
            if started:
                raise
            await _plain(send, scope, 413, too_large_message(self.limit))

    def _authorised(self, headers: Headers) -> bool:
        auth = headers.get("authorization", "")
        given = [
            auth[7:] if auth.lower().startswith("bearer ") else "",
            headers.get("x-nianbao-token", ""),
            _cookie(headers.get("cookie", ""), COOKIE),
        ]
        assert self.token is not None
        return any(g and hmac.compare_digest(g.encode(), self.token.encode()) for g in given)

    async def _login(self, scope: Scope, given: str, send: Send) -> None:
        """``?token=T`` once: a cookie for the browser, then the same page without the token."""
        assert self.token is not None
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            await _plain(send, scope, 401, "访问令牌不正确（wrong token）")
            return
        rest = [
            (k, v)
            for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
            if k != "token"
        ]
        location = scope["path"] + ("?" + urlencode(rest) if rest else "")
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send(
            {
                "type": "http.response.start",
                "status": 303,
                "headers": [
                    (b"location", location.encode("utf-8")),
                    (b"set-cookie", cookie.encode("latin-1")),
                ],
            }
        )
        await send({"type": "http.response.body", "body": b""})


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


def _same_origin(headers: Headers) -> bool:
    """A browser sends Origin with a cross-site POST; it must name this host."""
    origin = headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = headers.get("host", "")
    return origin.split("://", 1)[-1] == host


def _counted(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def inner() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge
        return message

    return inner


def _with_headers(send: Send) -> Send:
    async def inner(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            message["headers"] = [
                *message.get("headers", []),
                *((k, v) for k, v in HEADERS if k not in present),
            ]
        await send(message)

    return inner


async def _plain(send: Send, scope: Scope, status: int, message: str) -> None:
    """A refusal: JSON for the API, a short Chinese page otherwise."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
        kind = b"application/json"
    else:
        from html import escape

        body = (
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>无法访问</title>'
            f"<p>{escape(message)}</p></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
