#!/usr/bin/env python3
"""Checks docs/spec/vectors/circuit-ir-3.json from docs/spec/circuit-ir.md alone.

For every valid case it expands the vector gates (section 10.2), evaluates the scalar gates with
the exact integer semantics of section 4 and compares the outputs; for every refused case it
applies the vector rules of section 10.3 and compares the error code. Also checks the document's
keccak256 identity when Python's `cryptography` package is installed. Exits 1 on any mismatch.
"""
import json
import sys
from pathlib import Path

MAX_LANES = 1 << 20


def type_range(t):
    base = t.split("[")[0]
    if base == "bool":
        return 0, 1
    w = int(base[1:])
    return (0, 2**w - 1) if base[0] == "u" else (-(2 ** (w - 1)), 2 ** (w - 1) - 1)


def length(t):
    return int(t.split("[")[1][:-1]) if "[" in t else 1


def lanes_of(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def index_of(lane, shape):
    index = [0] * len(shape)
    for d in range(len(shape) - 1, -1, -1):
        index[d] = lane % shape[d]
        lane //= shape[d]
    return index


def operand_wires(op, index, lane):
    if isinstance(op, int):
        return [op]
    if "wires" in op:
        return [op["wires"][lane]]
    v = op["w"] + sum(s * i for s, i in zip(op["step"], index))
    if "run" in op:
        return [v + op["by"] * m for m in range(op["run"])]
    return [v]


class Refused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def expand(doc):
    """The scalar gate list of section 10.2, checking the rules of section 10.3."""
    version = int(doc["format"].rsplit("/", 1)[1])
    blocks = []
    wire = 0
    for inp in doc["inputs"]:
        blocks.append(wire)
        wire += length(inp["type"])
    scalar = []
    for g in doc["gates"]:
        first = wire
        if "shape" not in g:
            scalar.append(g)
            wire += g.get("width", 1) if g["op"] == "bits" else 1
            blocks.append(first)
            continue
        if version < 3:
            raise Refused("E_FORMAT")
        shape = g["shape"]
        if not 1 <= len(shape) <= 3 or any(d < 1 for d in shape):
            raise Refused("E_VECTOR")
        if lanes_of(shape) > MAX_LANES:
            raise Refused("E_LIMIT")
        for op in g["in"]:
            if isinstance(op, dict) and "wires" in op:
                # a list: one wire per lane, from any blocks, each defined before the gate
                if len(op["wires"]) != lanes_of(shape):
                    raise Refused("E_VECTOR")
                if any(w < 0 or w >= first for w in op["wires"]):
                    raise Refused("E_WIRE_UNDEFINED")
                continue
            if isinstance(op, int):
                lo = hi = op
            else:
                if len(op["step"]) != len(shape):
                    raise Refused("E_VECTOR")
                if "run" in op and g["op"] not in ("sum", "dot"):
                    raise Refused("E_VECTOR")
                reach = [s * (n - 1) for s, n in zip(op["step"], shape)]
                if "run" in op:
                    reach.append(op["by"] * (op["run"] - 1))
                lo = op["w"] + sum(min(0, r) for r in reach)
                hi = op["w"] + sum(max(0, r) for r in reach)
            if lo < 0 or hi >= first:
                raise Refused("E_WIRE_UNDEFINED")
            block = lambda w: max(i for i, b in enumerate(blocks) if b <= w)
            if block(lo) != block(hi):
                raise Refused("E_VECTOR")
        per_lane = g.get("width", 1) if g["op"] == "bits" else 1
        for lane in range(lanes_of(shape)):
            index = index_of(lane, shape)
            element = {k: v for k, v in g.items() if k not in ("shape", "in", "id")}
            element["in"] = [w for op in g["in"] for w in operand_wires(op, index, lane)]
            scalar.append(element)
        wire += lanes_of(shape) * per_lane
        blocks.append(first)
    return scalar


def floor_div(a, c):
    return a // c


def evaluate(doc, inputs):
    values = []
    for inp in doc["inputs"]:
        values.extend(int(v) for v in inputs[inp["name"]])
    for g in expand(doc):
        x = [values[w] for w in g.get("in", [])]
        op = g["op"]
        c = int(g["c"]) if "c" in g else None
        if op == "const":
            out = [c]
        elif op == "add":
            out = [x[0] + x[1]]
        elif op == "sub":
            out = [x[0] - x[1]]
        elif op == "neg":
            out = [-x[0]]
        elif op == "addc":
            out = [x[0] + c]
        elif op == "mulc":
            out = [x[0] * c]
        elif op in ("mul", "and"):
            out = [x[0] * x[1]]
        elif op == "sum":
            out = [sum(x)]
        elif op == "dot":
            k = len(x) // 2
            out = [sum(x[i] * x[k + i] for i in range(k))]
        elif op == "lt":
            out = [int(x[0] < x[1])]
        elif op == "le":
            out = [int(x[0] <= x[1])]
        elif op == "eq":
            out = [int(x[0] == x[1])]
        elif op == "not":
            out = [1 - x[0]]
        elif op == "or":
            out = [x[0] + x[1] - x[0] * x[1]]
        elif op == "xor":
            out = [x[0] + x[1] - 2 * x[0] * x[1]]
        elif op == "select":
            out = [x[1] if x[0] == 1 else x[2]]
        elif op == "bits":
            v = x[0] % (1 << g["width"])
            out = [(v >> i) & 1 for i in range(g["width"])]
        elif op == "from_bits":
            v = sum(b << i for i, b in enumerate(x))
            if g.get("signed"):
                v -= x[-1] << len(x)
            out = [v]
        elif op == "wrap":
            lo, hi = type_range(g["type"])
            width = hi - lo + 1
            out = [lo + (x[0] - lo) % width]
        elif op == "divc":
            out = [floor_div(x[0], c)]
        else:
            raise ValueError("unknown op " + op)
        values.extend(out)
    result = {}
    for o in doc["outputs"]:
        wires = o["wires"] if "wires" in o else [o["wire"]]
        result[o["name"]] = [str(values[w]) for w in wires]
    return result


def keccak(data):
    """Keccak-256 from the secret-input verifier (needs its `cryptography` import); else None."""
    import importlib.util

    path = Path(__file__).with_name("verify-secret-inputs.py")
    spec = importlib.util.spec_from_file_location("verify_secret_inputs", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:
        return None
    return "0x" + module.keccak256(data).hex()


def main():
    path = Path(__file__).with_name("circuit-ir-3.json")
    vectors = json.loads(path.read_text())
    failures = 0
    for case in vectors["valid"]:
        doc = json.loads(case["document"])
        got = evaluate(doc, case["inputs"])
        if got != case["outputs"]:
            print("FAIL", case["name"], got, "!=", case["outputs"])
            failures += 1
        digest = keccak(case["document"].encode())
        if digest is not None and digest != case["circuitHash"]:
            print("FAIL", case["name"], "hash", digest)
            failures += 1
        print("ok  ", case["name"], "lanes", len(expand(doc)))
    for case in vectors["refused"]:
        try:
            expand(json.loads(case["document"]))
            code = None
        except Refused as e:
            code = e.code
        if code != case["code"]:
            print("FAIL", case["name"], code, "!=", case["code"])
            failures += 1
        else:
            print("ok  ", case["name"], code)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
