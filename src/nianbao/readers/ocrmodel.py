"""The OCR models' weights with their subnormal floats set to zero, read from the ONNX files
rapidocr ships (nothing is downloaded or written).

The text detector shipped with rapidocr 3.10 holds some 256,000 subnormal weights (float32
values under 1.2e-38, in two 1×1 convolutions: 24 % and 63 % of their weights). A CPU multiplies
a subnormal in a slow microcode path, so those two layers took more than half of the detector's
time. As a term of a sum of normal numbers such a weight is below float32's rounding, so with
them set to zero the detector gives the same output, bit for bit, in less than half the time.

Only the bytes of float tensors change and their length stays the same, so the protobuf around
them needs no re-encoding: the file is walked far enough to find each float initializer's data.
"""

from __future__ import annotations

from typing import Any

# ONNX's protobuf field numbers: ModelProto.graph, GraphProto.initializer, and TensorProto's
# data_type, float_data (packed), raw_data; TensorProto.DataType FLOAT
_GRAPH, _INITIALIZER = 7, 5
_DATA_TYPE, _FLOAT_DATA, _RAW_DATA = 2, 4, 9
_FLOAT = 1


def flush_subnormals(model: bytes) -> bytes:
    """The ONNX model with every subnormal float32 of its initializers replaced by a zero of
    the same sign."""
    import numpy as np

    out = bytearray(model)
    for start, end in _float_data(model):
        words = np.frombuffer(out, dtype="<u4", count=(end - start) // 4, offset=start)
        subnormal = ((words & 0x7F800000) == 0) & ((words & 0x007FFFFF) != 0)
        words[subnormal] &= np.uint32(0x80000000)
    return bytes(out)


def _float_data(model: bytes) -> list[tuple[int, int]]:
    """[start, end) of the values of each float32 initializer of the model's main graph."""
    spans = []
    for field, start, end in _fields(model, 0, len(model)):
        if field != _GRAPH:
            continue
        for field, t0, t1 in _fields(model, start, end):
            if field != _INITIALIZER:
                continue
            data, kind = None, None
            for f, a, b in _fields(model, t0, t1):
                if f == _DATA_TYPE:
                    kind = a
                elif f in (_RAW_DATA, _FLOAT_DATA):
                    data = (a, b)
            if kind == _FLOAT and data is not None:
                spans.append(data)
    return spans


def _fields(buf: bytes, pos: int, end: int) -> list[tuple[int, Any, Any]]:
    """The fields of one protobuf message in ``buf[pos:end]``: (number, start, end) for a
    length-delimited field, (number, value, None) for a varint; fixed-width ones are skipped."""
    out: list[tuple[int, Any, Any]] = []
    while pos < end:
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
            out.append((number, value, None))
        elif wire == 2:
            size, pos = _varint(buf, pos)
            out.append((number, pos, pos + size))
            pos += size
        elif wire == 1:
            pos += 8
        elif wire == 5:
            pos += 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire} at byte {pos}")
    if pos != end:
        raise ValueError("truncated protobuf message")
    return out


def _varint(buf: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
