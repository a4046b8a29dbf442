"""``--config nianbao.toml``: every field of ``Settings`` (and of its ``[layout]`` table) from a
TOML file; an unknown key or a value of the wrong type is an error naming the key."""

from __future__ import annotations

import re
import tomllib
import types
import typing
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from .errors import NianbaoError
from .settings import DEFAULT, LayoutSettings, Settings


def load_settings(path: str | Path, base: Settings = DEFAULT) -> Settings:
    """``base`` with the values the file sets; NianbaoError (code ``config``) naming the file
    and the key for anything it cannot use."""
    name = str(path)
    try:
        with Path(path).open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as err:
        raise _error(name, "配置文件不存在", "config file not found") from err
    except (OSError, UnicodeDecodeError) as err:
        raise _error(
            name, f"无法读取配置文件（{err}）", f"cannot read the config file: {err}"
        ) from err
    except tomllib.TOMLDecodeError as err:
        raise _error(name, f"不是有效的 TOML（{err}）", f"not valid TOML: {err}") from err
    layout = data.pop("layout", {})
    if not isinstance(layout, dict):
        raise _error(name, "layout 应为表（[layout]）", "layout must be a table ([layout])")
    changes = _values(name, data, Settings, prefix="")
    if layout:
        changes["layout"] = replace(base.layout, **_values(name, layout, LayoutSettings, "layout."))
    return replace(base, **changes)


def _values(name: str, data: dict[str, Any], cls: type, prefix: str) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    known = [f.name for f in fields(cls) if f.name != "layout"]
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise _error(
                name,
                f"未知的设置项 {prefix}{key}（可用：{'、'.join(known)}）",
                f"unknown setting {prefix}{key!r}",
            )
        declared = _types(hints[key])
        if not any(_fits(value, t) for t in declared):
            want = " 或 ".join(_TYPE_ZH[t] for t in declared)
            raise _error(
                name,
                f"设置项 {prefix}{key} 应为{want}，而不是 {value!r}",
                f"setting {prefix}{key!r} must be {' or '.join(t.__name__ for t in declared)}",
            )
        if key in _FORMS and not re.fullmatch(_FORMS[key][0], value):
            raise _error(
                name,
                f"设置项 {prefix}{key} 应为{_FORMS[key][1]}，而不是 {value!r}",
                f"setting {prefix}{key!r} must look like {_FORMS[key][1]}",
            )
        out[key] = float(value) if declared == (float,) else value
    return out


#: string settings with a form: (pattern, what it looks like)
_FORMS = {"local_deadline": (r"(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", "月-日，如 03-31")}


_TYPE_ZH = {int: "整数", float: "数", bool: "true 或 false", str: "字符串"}


def _types(hint: Any) -> tuple[type, ...]:
    """The types a field declares, None left out (TOML cannot write it: leave the key out)."""
    args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    return tuple(a for a in args if a is not type(None))


def _fits(value: object, declared: type) -> bool:
    """TOML's value for a field of this type; true is no number, 3 is a float."""
    if isinstance(value, bool):
        return declared is bool
    if declared is float:
        return isinstance(value, int | float)
    return isinstance(value, declared)


def _error(name: str, zh: str, en: str) -> NianbaoError:
    return NianbaoError(name, zh, en, code="config")
