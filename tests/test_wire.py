"""The plain-data channel: round trips keep type and value; anything else is refused."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from apprentice.wire import MAX_BYTES, WireError, decode, encode

PLAIN = [
    None,
    True,
    False,
    0,
    -7,
    2**70,
    2.5,
    float("inf"),
    1 + 2j,
    "",
    "héllo",
    b"\x00\xff",
    [1, [2, [3]]],
    (1, "a"),
    {"a": 1, 2: (3,), (4, 5): None},
    {1, 2},
    frozenset({"x"}),
    dt.datetime(2026, 3, 17, 9, 5),
    dt.datetime(2026, 3, 17, 9, 5, tzinfo=dt.UTC),
    dt.date(2026, 3, 17),
    dt.time(9, 5),
    dt.timedelta(days=1, seconds=3, microseconds=4),
    np.float64(3.5),
    np.int32(-4),
    np.bool_(True),
    np.str_("s"),
    pd.Timestamp("2026-03-17 09:05", tz="UTC"),
    pd.Timestamp("2026-03-17"),
    pd.Timedelta("90s"),
]


@pytest.mark.parametrize(
    "value", PLAIN, ids=[f"{type(v).__name__}-{i}" for i, v in enumerate(PLAIN)]
)
def test_scalars_and_containers_round_trip_with_their_type(value):
    got = decode(encode(value))
    assert type(got) is type(value)
    assert got == value


def test_nan_and_missing_values_survive():
    assert np.isnan(decode(encode(float("nan"))))
    assert decode(encode(pd.NaT)) is pd.NaT
    assert decode(encode(pd.NA)) is pd.NA


@pytest.mark.parametrize(
    "array",
    [
        np.arange(12).reshape(3, 4),
        np.array([1.5, np.nan, -np.inf]),
        np.array(["a", "bcd"]),
        np.array([True, False]),
        np.array(["2026-03-17T09:05", "NaT"], dtype="datetime64[s]"),
        np.array([1, 2], dtype="timedelta64[ms]"),
        np.array([1 + 1j]),
        np.array([1, "x", None], dtype=object),
        np.zeros((0, 3)),
    ],
)
def test_arrays_keep_dtype_shape_and_values(array):
    got = decode(encode(array))
    assert got.dtype == array.dtype and got.shape == array.shape
    assert np.array_equal(got, array, equal_nan=array.dtype.kind in "fcMm") or array.dtype == object


def test_pandas_objects_round_trip():
    frame = pd.DataFrame(
        {
            "ts": pd.date_range("2026-03-17", periods=3, freq="min", tz="UTC"),
            "endpoint": ["GET /a", None, "POST /b"],
            "status": [200, 500, 404],
            "latency": [1.5, np.nan, 3.0],
            "kind": pd.Categorical(["x", "y", "x"]),
            "count": pd.array([1, None, 3], dtype="Int64"),
        },
        index=pd.Index(["r1", "r2", "r3"], name="row"),
    )
    pd.testing.assert_frame_equal(decode(encode(frame)), frame)
    series = frame.set_index("ts")["status"]
    pd.testing.assert_series_equal(decode(encode(series)), series, check_freq=False)
    multi = frame.set_index(["endpoint", "status"])[["latency"]]
    pd.testing.assert_frame_equal(decode(encode(multi)), multi)
    pd.testing.assert_index_equal(decode(encode(pd.RangeIndex(2, 10, 3))), pd.RangeIndex(2, 10, 3))


class AlwaysEqual(float):
    def __eq__(self, other):
        return True


class Listy(list):
    pass


@pytest.mark.parametrize(
    "value",
    [
        AlwaysEqual(1.0),
        Listy([1]),
        object(),
        lambda: 1,
        print,
        type,
        iter([1]),
        np.array([object()], dtype=object),
        pd.Series([AlwaysEqual(1.0)], dtype=object),
        {"key": AlwaysEqual(2.0)},
    ],
)
def test_values_that_are_not_plain_data_are_refused(value):
    with pytest.raises(WireError, match="not plain data"):
        encode(value)


@pytest.mark.parametrize(
    "text",
    [
        '{"$pickle": "gASV"}',
        '{"a": 1}',
        '{"$dict": [[1]]}',
        "NaN",
        "[1, Infinity]",
        '{"$ndarray": {"dtype": "object", "shape": [1], "data": [{"$code": 1}]}}',
        '{"$ndarray": {"dtype": "V8", "shape": [1], "data": [1]}}',
        '{"$ndarray": {"dtype": "int64", "shape": [3], "data": [1]}}',
        '{"$ndarray": {"dtype": "bool", "shape": [1], "data": [1]}}',
        '{"$dataframe": {"columns": {"$rangeindex": {"start": 0, "stop": 2, "step": 1, "name": null}},'
        ' "index": {"$rangeindex": {"start": 0, "stop": 1, "step": 1, "name": null}}, "data": []}}',
        '{"$set": [[1]]}',
        '{"$timestamp": {"ns": 1, "tz": "../../etc"}}',
        "[" * 100_000,
        "9" * 5000,
        "not json",
    ],
)
def test_malformed_messages_are_refused(text):
    with pytest.raises(WireError):
        decode(text)


def test_size_cap_is_checked_before_parsing():
    with pytest.raises(WireError, match="too large"):
        decode("[" + "1," * (MAX_BYTES // 2) + "1]")
    with pytest.raises(WireError, match="too large"):
        encode("x" * (MAX_BYTES + 1))


def test_dict_keys_cannot_impersonate_tags():
    value = {"$ndarray": "just a string key"}
    assert decode(encode(value)) == value
    assert json.loads(encode(value)) == {"$dict": [["$ndarray", "just a string key"]]}


@pytest.mark.parametrize(
    "array",
    [
        np.arange(12, dtype="int16").reshape(3, 4),
        np.linspace(0, 1, 9),
        np.array([True, False] * 5),
        np.array(["2026-03-17T09:05", "NaT"] * 5, dtype="datetime64[s]"),
        np.array([1, -2] * 5, dtype="timedelta64[ms]"),
        (np.arange(10) + 1j).astype("complex64"),
        np.arange(20, dtype=">i4"),
        np.arange(30)[::3],
    ],
)
def test_arrays_cross_as_binary_buffers(array):
    from apprentice.wire import pack

    text, buffers = pack({"a": array, "s": pd.Series(array.ravel()[:8])})
    assert buffers and len(text) < 400, "the numbers travel beside the JSON, not in it"
    got = decode(text, buffers=buffers)
    assert got["a"].dtype == array.dtype.newbyteorder("=") and got["a"].shape == array.shape
    if array.dtype.kind in "Mm":  # NaT is never equal to itself: compare the stored integers
        assert np.array_equal(got["a"].view("int64"), array.view("int64"))
    else:
        assert np.array_equal(got["a"], array, equal_nan=array.dtype.kind in "fc")
    got["a"][...] = got["a"][0]  # a writable copy, never a view of the message
    assert got["s"].to_numpy().tolist() == array.ravel()[:8].tolist()


def test_buffers_are_checked_against_their_shape_and_dtype():
    from apprentice.wire import pack

    text, buffers = pack(np.arange(16, dtype="int64"))
    with pytest.raises(WireError, match="buffer size"):
        decode(text, buffers=[bytes(buffers[0])[:-8]])
    with pytest.raises(WireError, match="buffer reference"):
        decode(text, buffers=[])
    double = json.dumps([json.loads(text), json.loads(text)])
    with pytest.raises(WireError, match="referenced twice"):
        decode(double, buffers=buffers)
    forged = text.replace('"int64"', '"object"')
    with pytest.raises(WireError):
        decode(forged, buffers=buffers)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ({"$ndarray": {"dtype": "<U999999", "shape": [3000], "data": ["x"] * 3000}}, "too wide"),
        ({"$set": [k * (2**61 - 1) for k in range(1, 2000)]}, "share a hash"),
        ({"$dict": [[k * (2**61 - 1), 0] for k in range(1, 2000)]}, "share a hash"),
        (
            {"$rangeindex": {"start": 0, "stop": 10**13, "step": 1, "name": None}},
            "too many index labels",
        ),
    ],
)
def test_decoding_is_bounded_before_anything_is_built(value, why):
    with pytest.raises(WireError, match=why):
        decode(json.dumps(value))


def test_buffers_count_against_the_element_limit():
    spec = [{"$ndarray": {"dtype": "bool", "shape": [12_000_000], "buffer": i}} for i in range(2)]
    with pytest.raises(WireError, match="too many elements"):
        decode(json.dumps(spec), buffers=[bytes(12_000_000), bytes(12_000_000)])


def _call(namespace: dict, name: str, *args, check_random: bool = True) -> dict:
    from apprentice.wire import answer

    request = {
        "nonce": "n",
        "op": "call",
        "name": name,
        "check_random": check_random,
        "payload": encode((list(args), {})),
    }
    reply, _ = answer(namespace, json.dumps(request))
    return reply


def test_a_call_that_uses_a_global_random_generator_is_reported():
    import random

    def own(seed):
        return float(np.random.default_rng(seed).random())

    def global_numpy(seed):
        np.random.seed(seed)
        return float(np.random.random())

    def global_draw_only(seed):
        return float(np.random.poisson(2.0))

    def global_python(seed):
        random.seed(seed)
        return random.random()

    namespace = {f.__name__: f for f in (own, global_numpy, global_draw_only, global_python)}
    assert _call(namespace, "own", 7) == {
        "nonce": "n",
        "ok": True,
        "value": encode(own(7)),
        "global_random": False,
    }
    for name in ("global_numpy", "global_draw_only", "global_python"):
        reply = _call(namespace, name, 7)
        assert reply["ok"] and reply["global_random"] is True, name
    assert "global_random" not in _call(namespace, "global_numpy", 7, check_random=False)
