#!/usr/bin/env python3
"""Independent check of vectors/attestations.json, written from docs/spec/attestation.md.

Needs only Python 3.9+. Keccak-256, RLP and secp256k1 come from verify-secret-inputs.py's
hand-written versions (same directory), which themselves use nothing but the standard library.
Run: python3 docs/spec/vectors/verify-attestations.py
"""
import importlib.util
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent


def load_primitives():
    spec = importlib.util.spec_from_file_location("si", HERE / "verify-secret-inputs.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError:
        # only the cryptography package is optional for this check: load the primitives alone
        source = (HERE / "verify-secret-inputs.py").read_text()
        source = source.split("# ---- the spec, section by section ----")[0]
        source = "\n".join(l for l in source.splitlines() if not l.startswith("from cryptography"))
        module = type(sys)("si")
        exec(compile(source, "primitives", "exec"), module.__dict__)
    return module


si = load_primitives()


def statement_rlp(f):
    ascii_ = lambda s: s.encode("ascii")
    return si.rlp([
        si.scalar(1), si.scalar(int(f["chainId"])), si.hx(f["contract"]),
        si.hx(f["computationId"]), si.hx(f["circuitHash"]),
        [[ascii_(c["collection"]), [[si.scalar(u["index"]), si.hx(u["id"])] for u in c["used"]]]
         for c in f["inputs"]],
        [[ascii_(o["name"]), [si.scalar(int(v) % 2**256) for v in o["values"]]]
         for o in f["publicOutputs"]],
        [[ascii_(r["name"]), si.hx(r["recipient"])] for r in f["recipientOutputs"]],
        [ascii_(s) for s in f["stateOutputs"]],
        si.hx(f["transcript"]),
    ])


def verify_ecdsa(digest, signature, key):
    r = int.from_bytes(signature[:32], "big")
    s = int.from_bytes(signature[32:64], "big")
    if not (0 < r < si.N and 0 < s <= si.N // 2) or signature[64] not in (0, 1):
        return False
    z = int.from_bytes(digest, "big")
    w = pow(s, -1, si.N)
    point = si.add(si.mul(z * w % si.N, si.G), si.mul(r * w % si.N, si.dec(key)))
    return point is not None and point[0] % si.N == r


def main():
    v = json.loads((HERE / "attestations.json").read_text())
    statement = statement_rlp(v["fields"])
    assert statement.hex() == v["statement"][2:], "statement bytes"
    digest = si.keccak256(b"parley-attestation/1", statement)
    assert digest.hex() == v["digest"][2:], "digest"
    print("ok: digest")
    keys = [si.hx(k) for k in v["signingKeys"]]
    signers = set()
    for vote in v["votes"]:
        j = vote["member"]
        h = si.keccak256(b"parley-attestation-vote/1", digest, si.u16(j), si.hx(vote["stateShares"]))
        assert h.hex() == vote["vote"][2:], f"vote hash of member {j}"
        ok = verify_ecdsa(h, si.hx(vote["signature"]), keys[j])
        assert ok == vote["valid"], f"signature of member {j}"
        if ok:
            signers.add(j)
    assert len(signers) >= 2 * v["threshold"] + 1, "quorum"
    print(f"ok: quorum of {len(signers)}")
    check_payloads(v, statement)
    return 0


def check_payloads(v, statement):
    """Section 5 and 6: the kind-4 payloads built from member 0's vote above."""
    p = json.loads((HERE / "computation-votes.json").read_text())
    cid = si.hx(v["fields"]["computationId"])
    vote = v["votes"][0]
    shares, sig = si.hx(vote["stateShares"]), si.hx(vote["signature"])
    for item in p["payloads"]:
        form, attempt = item["form"], item["attempt"]
        if form == 1:
            want = si.rlp([si.scalar(1), cid, statement, shares, sig])
        elif form == 2:
            want = si.rlp([si.scalar(2), cid, si.scalar(attempt), statement, shares, sig])
        else:
            fields = [si.scalar(3), cid, si.scalar(attempt), si.scalar(item["reason"])]
            if item.get("seats", 0):
                fields.append(si.scalar(item["seats"]))
            want = si.rlp(fields)
        assert want.hex() == item["payload"][2:], item["note"]
    print(f"ok: {len(p['payloads'])} vote payloads")


if __name__ == "__main__":
    sys.exit(main())
