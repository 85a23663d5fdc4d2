#!/usr/bin/env python3
"""Independent check of vectors/secret-inputs.json, written from docs/spec/secret-inputs.md.

Needs Python 3.9+ and the `cryptography` package (AES-GCM, HKDF, HMAC). Keccak-256, RLP and
secp256k1 are written out below so that nothing else is assumed.
Run: python3 docs/spec/vectors/verify-secret-inputs.py
"""
import hashlib
import hmac
import json
import pathlib
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# ---- Keccak-256 (the original padding 0x01, as Ethereum uses) ----
RC = [0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
      0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
      0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
      0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
      0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
      0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008]
ROT = [[0, 36, 3, 41, 18], [1, 44, 10, 45, 2], [62, 6, 43, 15, 61], [28, 55, 25, 21, 56],
       [27, 20, 39, 8, 14]]
M64 = (1 << 64) - 1


def _rol(x, n):
    return ((x << n) | (x >> (64 - n))) & M64 if n else x


def _keccak_f(a):
    for rc in RC:
        c = [a[x][0] ^ a[x][1] ^ a[x][2] ^ a[x][3] ^ a[x][4] for x in range(5)]
        d = [c[(x - 1) % 5] ^ _rol(c[(x + 1) % 5], 1) for x in range(5)]
        a = [[a[x][y] ^ d[x] for y in range(5)] for x in range(5)]
        b = [[0] * 5 for _ in range(5)]
        for x in range(5):
            for y in range(5):
                b[y][(2 * x + 3 * y) % 5] = _rol(a[x][y], ROT[x][y])
        a = [[b[x][y] ^ ((~b[(x + 1) % 5][y]) & b[(x + 2) % 5][y]) for y in range(5)]
             for x in range(5)]
        a[0][0] ^= rc
    return a


def keccak256(*parts):
    data = b"".join(parts)
    rate = 136
    data = data + b"\x01" + b"\x00" * ((-len(data) - 2) % rate) + b"\x80" \
        if (len(data) + 1) % rate else data + b"\x81"
    a = [[0] * 5 for _ in range(5)]
    for off in range(0, len(data), rate):
        block = data[off:off + rate]
        for i in range(rate // 8):
            a[i % 5][i // 5] ^= int.from_bytes(block[8 * i:8 * i + 8], "little")
        a = _keccak_f(a)
    return b"".join(a[i % 5][i // 5].to_bytes(8, "little") for i in range(4))


# ---- RLP ----
def scalar(n):
    return n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""


def _prefix(length, short):
    if length < 56:
        return bytes([short + length])
    lb = scalar(length)
    return bytes([short + 55 + len(lb)]) + lb


def rlp(item):
    if isinstance(item, list):
        body = b"".join(rlp(i) for i in item)
        return _prefix(len(body), 0xC0) + body
    if len(item) == 1 and item[0] < 0x80:
        return item
    return _prefix(len(item), 0x80) + item


# ---- secp256k1 ----
P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
     0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8)


def add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % P == 0:
        return None
    if p == q:
        lam = 3 * p[0] * p[0] * pow(2 * p[1], -1, P) % P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, P) % P
    x = (lam * lam - p[0] - q[0]) % P
    return x, (lam * (p[0] - x) - p[1]) % P


def mul(k, p):
    r = None
    while k:
        if k & 1:
            r = add(r, p)
        p = add(p, p)
        k >>= 1
    return r


def neg(p):
    return p[0], (-p[1]) % P


def enc(p):
    return p[0].to_bytes(32, "big") + p[1].to_bytes(32, "big")


def dec(b):
    p = (int.from_bytes(b[:32], "big"), int.from_bytes(b[32:], "big"))
    assert len(b) == 64 and (p[1] ** 2 - p[0] ** 3 - 7) % P == 0, "not a point"
    return p


def u16(j):
    return j.to_bytes(2, "big")


def nonzero(b):
    return 1 + int.from_bytes(b, "big") % (N - 1)


def h2s(*parts):
    return int.from_bytes(keccak256(*parts), "big") % N


def hx(s):
    return bytes.fromhex(s[2:])


# ---- the spec, section by section ----
def check(case):
    members = case["members"]
    n, t, sharing = len(members), case["threshold"], case["sharing"]
    keys = [[hx(m["signingKey"]), hx(m["encryptionKey"])] for m in members]
    committee = keccak256(b"parley-committee/2", rlp([scalar(t), sharing.encode(), keys]))
    assert committee.hex() == case["committeeHash"][2:], "committeeHash"

    s = case["submission"]
    values = [int(v) for v in s["values"]]
    e = int(case["e"], 16)
    E = enc(mul(e, G))
    assert E.hex() == case["E"][2:], "E"
    context = keccak256(b"parley-secret-input/2", rlp([
        scalar(int(s["chainId"])), hx(s["sender"]), scalar(int(s["nonce"])), hx(s["to"]),
        s["collection"].encode(), scalar(int(s["target"])), committee, E]))
    assert context.hex() == case["context"][2:], "context"

    # section 2: re-deal from the recorded random bytes
    stream = hx(case["random"])
    pos = 0

    def draw(k):
        nonlocal pos
        pos += k
        return stream[pos - k:pos]

    m = len(values)
    tag = 4 if sharing == "shamir-gf127/1" else 3
    per = m // int(s.get("count", 1))  # values per element (section 9: element by element)
    dealt = m + m // per if tag == 4 else m  # Shamir: each element's check mask too
    plains = [bytearray([tag]) + u16(dealt) for _ in range(n)]
    components = [bytearray() for _ in range(4)]  # rep4: x_{1,k} || ... || x_{m,k}
    p127 = 2**127 - 1

    def field_draw():
        while True:
            raw = bytearray(draw(16))
            raw[0] &= 0x7F
            c = int.from_bytes(raw, "big")
            if c != p127:
                return c

    def shamir(v):
        coefficients = [field_draw() for _ in range(t)]
        for j in range(n):
            x, share = j + 1, v % p127
            for k, c in enumerate(coefficients):
                share = (share + c * pow(x, k + 1, p127)) % p127
            plains[j] += share.to_bytes(16, "big")

    for i, v in enumerate(values):
        if tag == 4:
            shamir(v)
            if i % per == per - 1:
                shamir(field_draw())  # section 2: the element's check mask u, then its coefficients
        else:
            xs = [int.from_bytes(draw(8), "little") for _ in range(3)]
            xs.append((v - sum(xs)) % 2**64)
            for k in range(4):
                components[k] += xs[k].to_bytes(8, "little")
            for j in range(n):
                for k in range(4):
                    if k != j:
                        plains[j] += xs[k].to_bytes(8, "little")
    if tag == 3:
        # section 2: the component salts r_0..r_3, each member gets those of its components
        salts = [draw(32) for _ in range(4)]
        for j in range(n):
            for k in range(4):
                if k != j:
                    plains[j] += salts[k]
    for j in range(n):
        plains[j] += draw(32)
    assert pos == len(stream), "random bytes left over"
    extra = []
    if tag == 3:
        # section 3 item 4b: the component commitments
        ds = [keccak256(b"parley-component-commit/2", context, u16(k), bytes(components[k]),
                        salts[k]) for k in range(4)]
        assert [d.hex() for d in ds] == [d[2:] for d in case["componentCommitments"]], "D_k"
        extra = [ds]

    pairs = []
    for j, member in enumerate(members):
        q = dec(hx(member["encryptionKey"]))
        k = HKDF(algorithm=hashes.SHA256(), length=32, salt=E,
                 info=b"parley-secret-share/2" + context + u16(j)).derive(
            mul(e, q)[0].to_bytes(32, "big"))
        row = case["perMember"][j]
        assert k.hex() == row["k"][2:], f"k_{j}"
        assert bytes(plains[j]).hex() == row["plain"][2:], f"plain_{j}"
        c = keccak256(b"parley-share-commit/2", context, u16(j), bytes(plains[j]))
        assert c.hex() == row["commitment"][2:], f"c_{j}"
        ct = AESGCM(k).encrypt(b"\x00" * 12, bytes(plains[j]), context + u16(j))
        assert ct.hex() == row["ciphertext"][2:], f"ct_{j}"
        pairs.append([c, ct])

    # section 3 item 6: proof of knowledge of e
    r = nonzero(hmac.new(e.to_bytes(32, "big"), b"parley-pok-nonce/2" + context,
                         hashlib.sha256).digest())
    c = h2s(b"parley-pok/2", context, E, enc(mul(r, G)))
    z = (r + c * e) % N
    proof = c.to_bytes(32, "big") + z.to_bytes(32, "big")
    assert proof.hex() == case["proof"][2:], "proof"
    r2 = add(mul(z, G), neg(mul(c, dec(E))))
    assert h2s(b"parley-pok/2", context, E, enc(r2)) == c, "proof verifies"

    if "count" in s:
        # section 9: an off-chain input; its plaintexts hold every element's values in order
        assert int(s["target"]) == 0, "an off-chain input has target 0"
        digests = [[c, keccak256(ct)] for c, ct in pairs]
        for j, (c, h) in enumerate(digests):
            assert h.hex() == case["perMember"][j]["digest"][2:], f"h_{j}"
        payload = rlp([scalar(3), s["collection"].encode(), scalar(int(s["count"])), committee,
                       E, proof, digests] + extra)
    else:
        payload = rlp([scalar(2), s["collection"].encode(), scalar(int(s["target"])), committee,
                       E, proof, pairs] + extra)
    assert payload.hex() == case["payload"][2:], "payload"

    # section 5: the complaint verifies
    cj = case["complaint"]
    j, b = cj["member"], hx(cj["bytes"])
    S, c, z = dec(b[:64]), int.from_bytes(b[64:96], "big"), int.from_bytes(b[96:], "big")
    q = dec(hx(members[j]["encryptionKey"]))
    d = int(members[j]["encryptionSecret"], 16)
    assert S == mul(d, dec(E)), "S_j = d_j E"
    a1 = add(mul(z, G), neg(mul(c, q)))
    a2 = add(mul(z, dec(E)), neg(mul(c, S)))
    assert c == h2s(b"parley-dleq/2", context, u16(j), enc(q), E, enc(S), enc(a1), enc(a2)), "dleq"
    k = nonzero(hmac.new(d.to_bytes(32, "big"), b"parley-dleq-nonce/2" + context + u16(j),
                         hashlib.sha256).digest())
    assert enc(mul(k, G)) == enc(a1), "deterministic DLEQ nonce"


def main():
    path = pathlib.Path(__file__).with_name("secret-inputs.json")
    vectors = json.loads(path.read_text())
    for case in vectors["cases"]:
        check(case)
        print("ok:", case["name"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
