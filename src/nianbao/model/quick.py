"""Faster stand-ins for the dataclass and functools machinery on hot paths: constructors for
the frozen dataclasses built once per printed cell or line, and a lock-free cached property."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")

_BUILDERS: dict[type, Callable[..., Any]] = {}


def quick_init(cls: type[T]) -> type[T]:
    """Build instances of a frozen slots dataclass at a third of the generated ``__init__``'s cost.

    The generated frozen ``__init__`` stores each field through ``object.__setattr__``, a call
    that packs its arguments into a tuple: building a ``Location`` cost some 17,000 machine
    instructions, and a text report builds about a thousand such objects. Instead ``__new__``
    fills an instance of a plain base class that holds the slots (no frozen ``__setattr__``:
    plain attribute stores, the interpreter's fastest) and then gives the object its real
    class. So the class is remade on that base, with the dataclass's own namespace and no
    slots of its own: switching an object to a subclass that adds nothing is checked in a few
    steps, where switching between two classes that each hold the slots compares their slot
    lists (some 170 instructions an object more in parsing). The parameters and defaults are the
    dataclass's own, the instance stays frozen, equal, hashable and picklable
    (``__reduce__`` rebuilds it from its field values).
    """
    names: list[str] = []
    params: list[str] = []
    namespace: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.default_factory is not MISSING or not f.init or f.kw_only:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields are supported")
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        names.append(f.name)
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: __post_init__ is not supported")
    if tuple(getattr(cls, "__slots__", ())) != tuple(names) or cls.__bases__ != (object,):
        raise TypeError(f"{cls.__name__}: a slots dataclass with no inherited fields is needed")
    slots = type(
        f"{cls.__name__}Slots",
        (),
        {
            "__slots__": tuple(names),
            "__module__": cls.__module__,
            "__qualname__": f"{cls.__qualname__}Slots",
        },
    )
    body = {k: v for k, v in cls.__dict__.items() if k not in names and k != "__slots__"}
    remade = type(
        cls.__name__, (slots,), {**body, "__qualname__": cls.__qualname__, "__slots__": ()}
    )
    namespace.update(_twin=slots, _cls=remade)
    stores = "".join(f"    self.{name} = {name}\n" for name in names)
    source = (
        f"def __new__(cls, {', '.join(params)}):\n"
        "    if cls is not _cls:\n"
        "        raise TypeError(f'{_cls.__name__} cannot be subclassed')\n"
        f"    self = _twin()\n{stores}"
        "    self.__class__ = _cls\n"
        "    return self\n"
        f"def build({', '.join(params)}):\n"
        f"    self = _twin()\n{stores}"
        "    self.__class__ = _cls\n"
        "    return self\n"
        "def __reduce__(self):\n"
        f"    return (_cls, ({''.join(f'self.{name}, ' for name in names)}))\n"
    )
    exec(source, namespace)  # as dataclasses builds its own __init__
    for name in ("__new__", "__reduce__"):
        namespace[name].__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(remade, "__new__", staticmethod(namespace["__new__"]))  # noqa: B010
    setattr(remade, "__reduce__", namespace["__reduce__"])  # noqa: B010
    delattr(remade, "__init__")  # object.__init__: __new__ has built the instance
    namespace["build"].__qualname__ = namespace["build"].__name__ = f"new_{cls.__name__}"
    _BUILDERS[remade] = namespace["build"]
    return remade


def builder(cls: type[T]) -> Callable[..., T]:
    """``cls(…)`` as a plain function, for the loops that build one object per printed cell:
    calling the class goes through ``type.__call__`` and a ``__new__`` that takes the class
    as an argument, which costs a quarter of the whole construction. Same parameters and
    defaults, same instance."""
    built: Callable[..., T] = _BUILDERS[cls]
    return built


def slot(cls: type, name: str) -> Any:
    """The descriptor of ``cls``'s field ``name`` (on the base that holds the slots)."""
    return slots_base(cls).__dict__[name]


def slots_base(cls: type) -> Any:
    """The base of a ``quick_init`` class that holds its slots: ``obj = base()``, a store of
    every field, then ``obj.__class__ = cls`` is the instance ``builder(cls)`` returns, built
    in place. For the loop that builds a value cell per printed cell, where the builder's
    call costs a quarter of the building. Every field must be stored: a slot left unset has
    no default and raises when read."""
    return cls.__mro__[1]


def positional_builder(cls: type[T]) -> Callable[..., T]:
    """A function building ``cls(…)`` from every field's value by position, for a frozen slots
    dataclass that keeps its own class and constructor (one with a field made by a default
    factory, which ``quick_init`` does not take: ``Finding``): it fills an instance of a twin
    class with the same slots and switches it to ``cls`` (CPython compares the two slot lists
    on the switch, which ``quick_init``'s subclass spares; a check makes a few findings). The
    same instance as the class call's, without its ``object.__setattr__`` per field."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: __post_init__ is not supported")
    if tuple(getattr(cls, "__slots__", ())) != tuple(names):
        raise TypeError(f"{cls.__name__}: a slots dataclass with no inherited fields is needed")
    twin = type(f"{cls.__name__}Builder", (), {"__slots__": tuple(names)})
    namespace: dict[str, Any] = {"_twin": twin, "_cls": cls}
    body = "".join(f"    self.{name} = {name}\n" for name in names)
    source = (
        f"def build({', '.join(names)}):\n"
        f"    self = _twin()\n{body}"
        "    self.__class__ = _cls\n"
        "    return self\n"
    )
    exec(source, namespace)  # as quick_init does
    built: Callable[..., T] = namespace["build"]
    built.__qualname__ = built.__name__ = f"new_{cls.__name__}"
    return built


def python_class(cls: type[T]) -> type[T]:
    """``cls`` itself. In a module the compiled build compiles (README, "Compiled build"),
    mypyc makes a class a native class unless it has a decorator mypyc does not know, such as
    this one: a native instance has no ``__dict__``, where ``cached_property`` keeps its
    values. The class stays an ordinary Python class; its methods are compiled all the same."""
    return cls


class cached_property(Generic[T]):  # noqa: N801  (named and used as ``functools``' own)
    """``functools.cached_property`` without its lock: the value computed on the first read,
    stored in the instance's ``__dict__`` under the same name, where every later read finds
    it without calling this descriptor (it has no ``__set__``). Python 3.11's takes an
    ``RLock`` around each first read, which cost as much as a small property's work; the
    objects this serves (``rules.analysis.Analysis``) belong to one check, in one thread."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        # (``__set_name__`` names it; a method compiled by mypyc has no ``__name__``)
        self.name = getattr(func, "__name__", "")
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value
