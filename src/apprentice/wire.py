"""The narrow channel between a learner's kernel and the trusted grader: plain data as JSON.

Only plain data crosses: None, bool, int, float, complex, str, bytes, list, tuple, dict, set,
frozenset, datetime/date/time/timedelta, numpy arrays and scalars of numeric, bool, string,
datetime and timedelta dtypes, and pandas Series, DataFrames, Index objects, Timestamps,
Timedeltas, NaT and NA. Never pickle or any format that can carry code: the decoder builds
fresh objects of known types from JSON and rejects everything else, so an object whose
``__eq__`` always says True, or a subclass with tricks, cannot reach the grader.

Non-native JSON values are objects with a single ``$tag`` key; every dict is encoded as
``{"$dict": [[key, value], ...]}``, so no learner string can be mistaken for a tag.

Numeric, boolean and datetime arrays (numpy arrays, pandas columns and indexes) travel as
binary buffers beside the JSON (``pack``), which Jupyter comm messages carry as frames: each
is checked against its stated dtype and shape before a view of it is taken. Decoding is
bounded before anything is allocated: total bytes, element counts, string widths times counts,
lazy ranges, nesting depth; and sets or dict keys whose hashes collide are refused.

``serve`` is the kernel side of the remote calls the grader makes: it looks a name up in the
learner's namespace, calls it or reads it, and publishes the encoded reply.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import re

import numpy as np
import pandas as pd

MIME = "application/vnd.apprentice.reply+json"
MAX_BYTES = 16 * 1024 * 1024  # JSON text of one message
MAX_BUFFER_BYTES = 128 * 1024 * 1024  # binary buffers of one message, in all
MAX_ELEMENTS = 20_000_000  # items (array elements, list entries, index labels) of one message
MAX_COLLISIONS = 32  # keys of one set or dict that may share a hash value
MIN_BUFFERED = 8  # arrays shorter than this stay in the JSON text
MAX_DEPTH = 40
_BINARY_KINDS = {"b", "i", "u", "f", "c", "M", "m"}

_NUMPY_KINDS = {"b", "i", "u", "f", "c", "U", "M", "m", "O"}
_DTYPE_RE = re.compile(
    r"^(bool|int(8|16|32|64)|uint(8|16|32|64)|float(16|32|64)|complex(64|128)|object"
    r"|<U\d{1,6}|datetime64\[(s|ms|us|ns)\]|timedelta64\[(s|ms|us|ns)\])$"
)
_EXTENSION_DTYPES = {
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "Float32",
    "Float64",
    "boolean",
    "string",
    "str",
}
_NAT = np.iinfo("int64").min
_TZ_RE = re.compile(r"^[A-Za-z0-9_+\-/:]{1,64}$")


class WireError(ValueError):
    """A value that is not plain data, or a message that is not well-formed."""


# --- encoding ------------------------------------------------------------------------------------


def _float(x: float):
    if math.isfinite(x):
        return x
    return {"$float": "nan" if math.isnan(x) else ("inf" if x > 0 else "-inf")}


def _np_dtype_name(dtype: np.dtype) -> str:
    if dtype.kind == "U":
        return f"<U{dtype.itemsize // 4}"
    return str(dtype)


class _Sink:
    """Where ``pack`` collects binary buffers while it encodes one value."""

    buffers: list | None = None


_SINK = _Sink()


def _encode_array(arr: np.ndarray, depth: int) -> dict:
    dtype = arr.dtype
    if dtype.kind not in _NUMPY_KINDS:
        raise WireError(f"numpy arrays of dtype {dtype} are not plain data")
    if _SINK.buffers is not None and dtype.kind in _BINARY_KINDS and arr.size >= MIN_BUFFERED:
        data = np.ascontiguousarray(arr)
        if data.dtype.byteorder == ">":
            data = data.astype(data.dtype.newbyteorder("<"))
        if data.nbytes > MAX_BYTES:
            raise WireError(f"an array of {data.nbytes // 1024 // 1024} MiB is too large to send")
        _SINK.buffers.append(memoryview(data.reshape(-1).view(np.uint8)))
        spec = {"dtype": _np_dtype_name(data.dtype), "shape": list(arr.shape)}
        return {"$ndarray": {**spec, "buffer": len(_SINK.buffers) - 1}}
    flat = arr.ravel(order="C")
    if dtype.kind in "Mm":
        data = [None if n == _NAT else n for n in flat.view("int64").tolist()]
    elif dtype.kind == "O":
        items = flat.tolist()
        data = items if all(type(v) is str for v in items) else [_enc(v, depth + 1) for v in items]
    elif dtype.kind == "c":
        data = [[_float(v.real), _float(v.imag)] for v in flat.tolist()]
    elif dtype.kind == "f":
        data = flat.tolist() if np.isfinite(flat).all() else [_float(v) for v in flat.tolist()]
    else:
        data = flat.tolist()
    return {"$ndarray": {"dtype": _np_dtype_name(dtype), "shape": list(arr.shape), "data": data}}


def _encode_values(values, depth: int) -> dict:
    """The values of a pandas Series, Index or extension array, keeping their dtype."""
    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        cat = pd.Categorical(values)
        return {
            "kind": "category",
            "categories": _encode_values(pd.Index(cat.categories), depth + 1),
            "codes": cat.codes.astype("int64").tolist(),
            "ordered": bool(cat.ordered),
        }
    if isinstance(dtype, pd.DatetimeTZDtype):
        utc = pd.DatetimeIndex(values).tz_convert("UTC").tz_localize(None)
        return {
            "kind": "datetimetz",
            "tz": str(dtype.tz),
            "unit": dtype.unit,
            "data": [None if n == _NAT else int(n) for n in utc.asi8.tolist()],
        }
    if isinstance(dtype, np.dtype):
        return {"kind": "numpy", **_encode_array(values.to_numpy(), depth)["$ndarray"]}
    name = str(dtype)
    if name in _EXTENSION_DTYPES or isinstance(dtype, pd.StringDtype):
        if isinstance(dtype, pd.StringDtype):
            name = "str" if dtype.na_value is not pd.NA else "string"
        items = list(values.to_numpy(dtype=object))
        if all(type(v) is str for v in items):  # the common case: a column of text, no gaps
            return {"kind": "extension", "dtype": name, "data": items}
        data = [
            None if pd.isna(v) else _enc(v.item() if hasattr(v, "item") else v, depth + 1)
            for v in items
        ]
        return {"kind": "extension", "dtype": name, "data": data}
    raise WireError(f"pandas values of dtype {dtype} are not plain data")


def _encode_index(index: pd.Index, depth: int) -> dict:
    if isinstance(index, pd.MultiIndex):
        return {
            "$multiindex": {
                "levels": [
                    _encode_index(index.get_level_values(i), depth + 1)
                    for i in range(index.nlevels)
                ],
                "names": [_enc(n, depth + 1) for n in index.names],
            }
        }
    if isinstance(index, pd.RangeIndex):
        return {
            "$rangeindex": {
                "start": index.start,
                "stop": index.stop,
                "step": index.step,
                "name": _enc(index.name, depth + 1),
            }
        }
    return {
        "$index": {"values": _encode_values(index, depth + 1), "name": _enc(index.name, depth + 1)}
    }


def _enc(x, depth: int = 0):
    if depth > MAX_DEPTH:
        raise WireError("value is nested too deeply")
    t = type(x)
    if x is None or t is bool or t is str:
        return x
    if t is int:
        return x
    if t is float:
        return _float(x)
    if t is complex:
        return {"$complex": [_float(x.real), _float(x.imag)]}
    if t is list:
        return [_enc(v, depth + 1) for v in x]
    if t is tuple:
        return {"$tuple": [_enc(v, depth + 1) for v in x]}
    if t is dict:
        return {"$dict": [[_enc(k, depth + 1), _enc(v, depth + 1)] for k, v in x.items()]}
    if t is set or t is frozenset:
        tag = "$set" if t is set else "$frozenset"
        return {tag: [_enc(v, depth + 1) for v in x]}
    if t is bytes:
        return {"$bytes": base64.b64encode(x).decode("ascii")}
    if x is pd.NaT:
        return {"$nat": None}
    if x is pd.NA:
        return {"$na": None}
    if t is pd.Timestamp:
        return {
            "$timestamp": {
                "ns": int(x.as_unit("ns").value)
                if x.tz is None
                else int(x.tz_convert("UTC").as_unit("ns").value),
                "tz": None if x.tz is None else str(x.tz),
            }
        }
    if t is pd.Timedelta:
        return {"$pdtimedelta": int(x.as_unit("ns").value)}
    if t is dt.datetime:
        if x.tzinfo is not None and x.utcoffset() is not None:
            return {"$datetime": x.isoformat()}
        return {"$datetime": x.isoformat()}
    if t is dt.date:
        return {"$date": x.isoformat()}
    if t is dt.time:
        return {"$time": x.isoformat()}
    if t is dt.timedelta:
        return {"$timedelta": [x.days, x.seconds, x.microseconds]}
    if t is np.ndarray:
        return _encode_array(x, depth)
    if isinstance(x, np.generic) and t.__module__ == "numpy":
        arr = _encode_array(np.asarray(x), depth)["$ndarray"]
        return {"$npscalar": {"dtype": arr["dtype"], "value": arr["data"][0]}}
    if t is pd.Series:
        return {
            "$series": {
                "values": _encode_values(x, depth + 1),
                "index": _encode_index(x.index, depth + 1),
                "name": _enc(x.name, depth + 1),
            }
        }
    if t is pd.DataFrame:
        return {
            "$dataframe": {
                "columns": _encode_index(x.columns, depth + 1),
                "index": _encode_index(x.index, depth + 1),
                "data": [_encode_values(x.iloc[:, i], depth + 1) for i in range(x.shape[1])],
            }
        }
    if isinstance(x, pd.Index) and t.__module__.startswith("pandas"):
        return _encode_index(x, depth)
    if isinstance(x, pd.api.extensions.ExtensionArray) and t.__module__.startswith("pandas"):
        return {"$pdarray": _encode_values(x, depth + 1)}
    raise WireError(f"a value of type {t.__module__}.{t.__qualname__} is not plain data")


def encode(value) -> str:
    """JSON text for a plain-data value; WireError for anything else."""
    text = json.dumps(_enc(value), allow_nan=False, separators=(",", ":"))
    if len(text) > MAX_BYTES:
        raise WireError(f"value is too large to send ({len(text) // 1024} KiB)")
    return text


def pack(value) -> tuple[str, list[memoryview]]:
    """JSON text plus binary buffers for the arrays inside ``value`` (see the module docstring)."""
    _SINK.buffers = []
    try:
        text = encode(value)
        buffers = _SINK.buffers
    finally:
        _SINK.buffers = None
    if sum(b.nbytes for b in buffers) > MAX_BUFFER_BYTES:
        raise WireError("value is too large to send (its arrays exceed the buffer limit)")
    return text, buffers


# --- decoding ------------------------------------------------------------------------------------


def _need(cond: bool, what: str) -> None:
    if not cond:
        raise WireError(f"malformed message: {what}")


def _num(x):
    if isinstance(x, dict):
        _need(set(x) == {"$float"} and x["$float"] in ("nan", "inf", "-inf"), "bad float")
        return float(x["$float"])
    _need(type(x) in (int, float) and type(x) is not bool, "expected a number")
    return x


def _list(x, what: str) -> list:
    _need(type(x) is list, what)
    return x


class _Budget:
    """What one ``decode`` may still build: buffers to read, elements to allocate."""

    buffers: list = []
    used: set = set()
    elements: int = MAX_ELEMENTS


_BUDGET = _Budget()


def _spend(count: int, what: str = "elements") -> None:
    _BUDGET.elements -= count
    if _BUDGET.elements < 0:
        raise WireError(f"message holds too many {what} (limit {MAX_ELEMENTS:,})")


def _from_buffer(spec: dict) -> np.ndarray:
    _need(set(spec) == {"dtype", "shape", "buffer"}, "buffered ndarray fields")
    name, shape, index = spec["dtype"], _list(spec["shape"], "shape"), spec["buffer"]
    _need(type(name) is str and bool(_DTYPE_RE.match(name)), f"dtype {name!r} not allowed")
    dtype = np.dtype(name)
    _need(dtype.kind in _BINARY_KINDS, "only numeric, boolean and datetime arrays are buffered")
    _need(
        all(type(n) is int and 0 <= n <= MAX_ELEMENTS for n in shape) and len(shape) <= 8, "shape"
    )
    _need(type(index) is int and 0 <= index < len(_BUDGET.buffers), "buffer reference")
    _need(index not in _BUDGET.used, "a buffer is referenced twice")
    _BUDGET.used.add(index)
    count = math.prod(shape)
    _spend(count)
    raw = _BUDGET.buffers[index]
    _need(memoryview(raw).nbytes == count * dtype.itemsize, "buffer size does not match shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _decode_array(spec: dict, depth: int) -> np.ndarray:
    _need(type(spec) is dict, "ndarray fields")
    if "buffer" in spec:
        return _from_buffer(spec)
    _need(set(spec) == {"dtype", "shape", "data"}, "ndarray fields")
    name, shape, data = spec["dtype"], _list(spec["shape"], "shape"), _list(spec["data"], "data")
    _need(type(name) is str and bool(_DTYPE_RE.match(name)), f"dtype {name!r} not allowed")
    _need(all(type(n) is int and 0 <= n <= 10**8 for n in shape) and len(shape) <= 8, "shape")
    _need(math.prod(shape) == len(data), "shape does not match data")
    _spend(len(data))
    dtype = np.dtype(name)
    if dtype.kind == "U":  # fixed-width strings: width times count is what numpy allocates
        _need(dtype.itemsize * len(data) <= MAX_BYTES * 4, "string array too wide for its length")
    if dtype.kind in "Mm":
        _need(all(v is None or type(v) is int for v in data), "datetime array holds a non-integer")
        ints = np.array([_NAT if v is None else v for v in data], "int64")
        arr = ints.view(dtype)
    elif dtype.kind == "O":
        arr = np.empty(len(data), dtype=object)
        for i, v in enumerate(data):
            arr[i] = _dec(v, depth + 1)
    elif dtype.kind == "c":
        arr = np.array([complex(_num(p[0]), _num(p[1])) for p in (_pair(v) for v in data)], dtype)
    elif dtype.kind == "U":
        _need(all(type(v) is str for v in data), "string array holds a non-string")
        arr = np.array(data, dtype=dtype)
    elif dtype.kind == "b":
        _need(all(type(v) is bool for v in data), "bool array holds a non-bool")
        arr = np.array(data, dtype=dtype)
    elif dtype.kind in "iu":
        _need(all(type(v) is int for v in data), "integer array holds a non-integer")
        arr = np.array(data, dtype=dtype)
    elif all(type(v) is float or type(v) is int for v in data):
        arr = np.array(data, dtype=dtype)
    else:
        arr = np.array([_num(v) for v in data], dtype=dtype)
    return arr.reshape(shape)


def _int(v) -> int:
    _need(type(v) is int, "expected an integer")
    return v


def _pair(v) -> list:
    _need(type(v) is list and len(v) == 2, "expected a pair")
    return v


def _opt_tz(tz):
    _need(tz is None or (type(tz) is str and bool(_TZ_RE.match(tz))), "time zone")
    return tz


def _decode_values(spec: dict, depth: int):
    _need(type(spec) is dict and type(spec.get("kind")) is str, "values spec")
    kind = spec["kind"]
    if kind == "numpy":
        keys = ("dtype", "shape", "buffer") if "buffer" in spec else ("dtype", "shape", "data")
        _need(set(spec) == {"kind", *keys}, "numpy values fields")
        return _decode_array({k: spec[k] for k in keys}, depth)
    if kind == "category":
        _need(set(spec) == {"kind", "categories", "codes", "ordered"}, "category fields")
        cats = _decode_values(spec["categories"], depth + 1)
        codes = [_int(c) for c in _list(spec["codes"], "codes")]
        _need(all(-1 <= c < len(cats) for c in codes), "category code out of range")
        _need(type(spec["ordered"]) is bool, "ordered flag")
        return pd.Categorical.from_codes(codes, categories=pd.Index(cats), ordered=spec["ordered"])
    if kind == "datetimetz":
        _need(
            set(spec) == {"kind", "tz", "unit", "data"} and spec["tz"] is not None,
            "datetimetz fields",
        )
        _need(spec["unit"] in ("s", "ms", "us", "ns"), "datetime unit")
        tz = _opt_tz(spec["tz"])
        ints = [_NAT if v is None else _int(v) for v in _list(spec["data"], "data")]
        naive = pd.DatetimeIndex(np.array(ints, "int64").view(f"datetime64[{spec['unit']}]"))
        return pd.array(naive.tz_localize("UTC").tz_convert(tz))
    if kind == "extension":
        _need(
            set(spec) == {"kind", "dtype", "data"} and spec["dtype"] in _EXTENSION_DTYPES,
            "extension dtype",
        )
        items = _list(spec["data"], "data")
        if not all(v is None or type(v) is str for v in items):
            items = [None if v is None else _dec(v, depth + 1) for v in items]
            for v in items:
                _need(v is None or type(v) in (bool, int, float, str), "extension value type")
        if spec["dtype"] == "str":
            return pd.array(items, dtype=pd.StringDtype(na_value=np.nan))
        return pd.array(items, dtype=spec["dtype"])
    raise WireError(f"malformed message: unknown values kind {kind!r}")


def _decode_index(x, depth: int) -> pd.Index:
    _need(type(x) is dict and len(x) == 1, "index")
    ((tag, spec),) = x.items()
    _need(type(spec) is dict, "index spec")
    if tag == "$rangeindex":
        _need(set(spec) == {"start", "stop", "step", "name"}, "range index fields")
        _need(_int(spec["step"]) != 0, "range step")
        _spend(len(range(_int(spec["start"]), _int(spec["stop"]), spec["step"])), "index labels")
        return pd.RangeIndex(
            _int(spec["start"]),
            _int(spec["stop"]),
            spec["step"],
            name=_dec(spec["name"], depth + 1),
        )
    if tag == "$index":
        _need(set(spec) == {"values", "name"}, "index fields")
        return pd.Index(
            _decode_values(spec["values"], depth + 1), name=_dec(spec["name"], depth + 1)
        )
    if tag == "$multiindex":
        _need(set(spec) == {"levels", "names"}, "multiindex fields")
        levels = [_decode_index(v, depth + 1) for v in _list(spec["levels"], "levels")]
        names = [_dec(n, depth + 1) for n in _list(spec["names"], "names")]
        _need(len(levels) == len(names) >= 1, "multiindex levels")
        _need(len({len(level) for level in levels}) == 1, "multiindex level lengths")
        return pd.MultiIndex.from_arrays(levels, names=names)
    raise WireError(f"malformed message: unknown index tag {tag!r}")


def _dec(x, depth: int = 0):
    if depth > MAX_DEPTH:
        raise WireError("value is nested too deeply")
    t = type(x)
    if x is None or t in (bool, str, int):
        return x
    if t is float:
        return x
    if t is list:
        _spend(len(x))
        return [_dec(v, depth + 1) for v in x]
    _need(t is dict and len(x) == 1, "an object must have exactly one tag")
    ((tag, v),) = x.items()
    if tag == "$float":
        return _num(x)
    if tag == "$complex":
        re_, im = _pair(v)
        return complex(_num(re_), _num(im))
    if tag == "$tuple":
        return tuple(_dec(e, depth + 1) for e in _list(v, "tuple"))
    if tag in ("$set", "$frozenset"):
        items = [_dec(e, depth + 1) for e in _list(v, "set")]
        _spend(len(items))
        _few_collisions(items)
        return set(items) if tag == "$set" else frozenset(items)
    if tag == "$dict":
        pairs = [_pair(pair) for pair in _list(v, "dict")]
        _spend(len(pairs))
        keys = [_dec(key, depth + 1) for key, _ in pairs]
        _few_collisions(keys)
        return {key: _dec(value, depth + 1) for key, (_, value) in zip(keys, pairs, strict=True)}
    if tag == "$bytes":
        _need(type(v) is str, "bytes")
        try:
            return base64.b64decode(v, validate=True)
        except ValueError:
            raise WireError("malformed message: bad base64") from None
    if tag == "$nat":
        return pd.NaT
    if tag == "$na":
        return pd.NA
    if tag == "$timestamp":
        _need(type(v) is dict and set(v) == {"ns", "tz"}, "timestamp")
        stamp = pd.Timestamp(_int(v["ns"]), unit="ns")
        tz = _opt_tz(v["tz"])
        return stamp if tz is None else stamp.tz_localize("UTC").tz_convert(tz)
    if tag == "$pdtimedelta":
        return pd.Timedelta(_int(v), unit="ns")
    if tag in ("$datetime", "$date", "$time"):
        _need(type(v) is str and len(v) <= 40, "iso text")
        parse = {"$datetime": dt.datetime, "$date": dt.date, "$time": dt.time}[tag].fromisoformat
        try:
            return parse(v)
        except ValueError:
            raise WireError(f"malformed message: bad {tag[1:]}") from None
    if tag == "$timedelta":
        days, seconds, micro = (_int(n) for n in _list(v, "timedelta"))
        try:
            return dt.timedelta(days=days, seconds=seconds, microseconds=micro)
        except OverflowError:
            raise WireError("malformed message: timedelta out of range") from None
    if tag == "$ndarray":
        return _decode_array(v, depth)
    if tag == "$npscalar":
        _need(type(v) is dict and set(v) == {"dtype", "value"}, "numpy scalar")
        return _decode_array({"dtype": v["dtype"], "shape": [], "data": [v["value"]]}, depth)[()]
    if tag == "$series":
        _need(type(v) is dict and set(v) == {"values", "index", "name"}, "series fields")
        values = _decode_values(v["values"], depth + 1)
        index = _decode_index(v["index"], depth + 1)
        _need(len(values) == len(index), "series length")
        return pd.Series(values, index=index, name=_dec(v["name"], depth + 1), copy=False)
    if tag == "$dataframe":
        _need(type(v) is dict and set(v) == {"columns", "index", "data"}, "dataframe fields")
        columns = _decode_index(v["columns"], depth + 1)
        index = _decode_index(v["index"], depth + 1)
        data = [_decode_values(c, depth + 1) for c in _list(v["data"], "columns")]
        _need(len(data) == len(columns), "dataframe column count")
        _need(all(len(c) == len(index) for c in data), "dataframe column length")
        frame = pd.DataFrame({i: c for i, c in enumerate(data)}, index=index)
        frame.columns = columns
        return frame
    if tag in ("$index", "$rangeindex", "$multiindex"):
        return _decode_index(x, depth)
    if tag == "$pdarray":
        return _decode_values(v, depth + 1)
    raise WireError(f"malformed message: unknown tag {tag!r}")


def _few_collisions(keys: list) -> None:
    """Refuse keys built so that their hashes collide (quadratic work for a set or dict)."""
    try:
        hashes = [hash(k) for k in keys]
    except TypeError:
        raise WireError("malformed message: unhashable set member or dict key") from None
    if len(hashes) - len(set(hashes)) > MAX_COLLISIONS:
        raise WireError("malformed message: too many keys share a hash value")


def decode(text: str | bytes, *, max_bytes: int = MAX_BYTES, buffers=()):
    """Build a fresh plain-data value from JSON text (and the binary buffers ``pack`` made);
    WireError for anything malformed or over a limit."""
    if len(text) > max_bytes:
        raise WireError(
            f"message is too large ({len(text) // 1024} KiB, limit {max_bytes // 1024})"
        )
    buffers = list(buffers)
    if sum(memoryview(b).nbytes for b in buffers) > MAX_BUFFER_BYTES:
        raise WireError("message buffers are too large")
    _BUDGET.buffers, _BUDGET.used, _BUDGET.elements = buffers, set(), MAX_ELEMENTS
    try:
        return _decode(text)
    finally:
        _BUDGET.buffers, _BUDGET.used = [], set()


def _decode(text):
    try:
        raw = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise WireError("message is nested too deeply") from None
    except (ValueError, TypeError) as exc:
        raise WireError(f"malformed message: {exc}") from None
    try:
        return _dec(raw)
    except RecursionError:
        raise WireError("message is nested too deeply") from None
    except WireError:
        raise
    except (ValueError, TypeError, OverflowError, KeyError, IndexError) as exc:
        raise WireError(f"malformed message: {type(exc).__name__}: {exc}") from None


def _reject_constant(name: str):
    raise ValueError(f"bare {name} is not allowed")


# --- the kernel side of remote calls ---------------------------------------------------------------


def _reply(payload: dict) -> None:
    from IPython.display import publish_display_data

    publish_display_data({MIME: json.dumps(payload, allow_nan=False)})


def _error(exc: BaseException) -> dict:
    bases = [cls.__name__ for cls in type(exc).__mro__ if cls.__module__ == "builtins"]
    return {"type": type(exc).__name__, "bases": bases[:12], "message": str(exc)[:500]}


COMM_TARGET = "apprentice.rpc"


def answer(namespace: dict, request_text: str, buffers=(), *, binary: bool = False):
    """Answer one request from the grader in the learner's kernel (untrusted by design).

    Returns (reply, buffers): with ``binary`` the reply's arrays travel as buffers.
    """
    request = json.loads(request_text)
    nonce = request["nonce"]
    name = request["name"]
    out: list = []

    def enc(value) -> str:
        if not binary:
            return encode(value)
        text, extra = pack(value)
        out.append(extra)
        return text

    if name not in namespace:
        message = f"name '{name}' is not defined"
        reply = {"nonce": nonce, "ok": False, "error": {"type": "NameError", "message": message}}
        return reply, []
    target = namespace[name]
    try:
        if request["op"] == "get":
            if callable(target):
                return {"nonce": nonce, "ok": True, "kind": "function"}, []
            return {"nonce": nonce, "ok": True, "kind": "value", "value": enc(target)}, _flat(out)
        args, kwargs = decode(request["payload"], buffers=buffers)
        check = bool(request.get("check_unchanged"))
        if check:
            before = (
                [_fingerprint(a) for a in args],
                {k: _fingerprint(v) for k, v in kwargs.items()},
            )
        generators = _global_generators() if request.get("check_random") else None
        try:
            result = target(*args, **kwargs)
        except BaseException as exc:  # the learner's exception is the answer we report
            return {"nonce": nonce, "ok": False, "raised": True, "error": _error(exc)}, []
        reply = {"nonce": nonce, "ok": True, "value": enc(result)}
        if check:
            reply["changed"] = [
                i for i, a in enumerate(args) if _fingerprint(a) != before[0][i]
            ] + [k for k, v in kwargs.items() if _fingerprint(v) != before[1][k]]
        if generators is not None:
            after = _global_generators()
            reply["global_random"] = after != generators
        return reply, _flat(out)
    except WireError as exc:
        return {"nonce": nonce, "ok": False, "error": _error(exc)}, []
    except Exception as exc:  # noqa: BLE001 -- a value the encoder chokes on is not plain data
        failure = WireError(f"could not be sent as plain data ({type(exc).__name__})")
        return {"nonce": nonce, "ok": False, "error": _error(failure)}, []


def _flat(parts: list[list]) -> list:
    return [b for part in parts for b in part]


def _global_generators() -> dict[str, str]:
    """Digests of the states of the process-wide random generators (NumPy's legacy global one
    and Python's ``random`` module): a call that draws from either, or reseeds it, changes one."""
    import hashlib
    import random

    _, keys, position, has_gauss, gauss = np.random.get_state()
    numpy_state = hashlib.blake2b(keys.tobytes())
    numpy_state.update(repr((position, has_gauss, gauss)).encode())
    python_state = hashlib.blake2b(repr(random.getstate()).encode())
    return {"numpy": numpy_state.hexdigest(), "random": python_state.hexdigest()}


def _fingerprint(value) -> str:
    """A digest of a value's encoding, to tell whether a call changed it (values that cannot be
    encoded any more count as changed)."""
    import hashlib

    try:
        text, buffers = pack(value)
    except WireError:
        return "<changed beyond plain data>"
    digest = hashlib.blake2b(text.encode())
    for buffer in buffers:
        digest.update(buffer)
    return digest.hexdigest()


def serve(namespace: dict, request_text: str) -> None:
    """Answer a request sent as code to execute (the fallback when comms are unavailable:
    plain JSON, no buffers)."""
    reply, _ = answer(namespace, request_text)
    _reply(reply)


def register(namespace: dict) -> None:
    """Answer requests sent as comm messages: no cell to compile and run for each call, and
    arrays both ways as binary buffers."""
    from IPython import get_ipython

    def opened(comm, _msg) -> None:
        def handle(msg) -> None:
            reply, buffers = answer(
                namespace,
                msg["content"]["data"]["request"],
                msg.get("buffers") or (),
                binary=True,
            )
            comm.send({"reply": json.dumps(reply, allow_nan=False)}, buffers=buffers)

        comm.on_msg(handle)

    get_ipython().kernel.comm_manager.register_target(COMM_TARGET, opened)
