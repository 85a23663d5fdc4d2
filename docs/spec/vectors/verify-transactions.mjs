// Independent check of vectors/transactions.json, written only from docs/spec/transactions.md.
// Needs Node.js >= 18 and: npm install @noble/secp256k1@2 @noble/hashes@1
// Run: node docs/spec/vectors/verify-transactions.mjs
import { readFileSync } from "node:fs";
import * as secp from "@noble/secp256k1";
import { keccak_256 } from "@noble/hashes/sha3";
import { hmac } from "@noble/hashes/hmac";
import { sha256 } from "@noble/hashes/sha256";

secp.etc.hmacSha256Sync = (k, ...m) => hmac(sha256, k, secp.etc.concatBytes(...m));

const hex = (b) => "0x" + Buffer.from(b).toString("hex");
const bytes = (h) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ""), "hex"));
const concat = (...a) => secp.etc.concatBytes(...a);

function scalar(n) {
  let x = BigInt(n);
  const out = [];
  while (x > 0n) { out.unshift(Number(x & 0xffn)); x >>= 8n; }
  return Uint8Array.from(out);
}
function lengthPrefix(len, short, long) {
  if (len < 56) return Uint8Array.of(short + len);
  const l = scalar(len);
  return concat(Uint8Array.of(long + l.length), l);
}
function rlpString(b) {
  if (b.length === 1 && b[0] < 0x80) return b;
  return concat(lengthPrefix(b.length, 0x80, 0xb7), b);
}
function rlpList(items) {
  const payload = concat(...items);
  return concat(lengthPrefix(payload.length, 0xc0, 0xf7), payload);
}

const vectors = JSON.parse(readFileSync(new URL("./transactions.json", import.meta.url)));
let checked = 0;
for (const v of vectors.valid) {
  const t = v.transaction;
  const priv = bytes(v.privateKey);
  const pub = secp.getPublicKey(priv, false).slice(1);
  const address = keccak_256(pub).slice(12);
  if (hex(pub) !== v.publicKey || hex(address) !== v.sender) throw new Error("key/address mismatch");
  const fields = [
    rlpString(scalar(t.chainId)), rlpString(scalar(t.nonce)), rlpString(scalar(t.kind)),
    rlpString(scalar(t.gasPrice)), rlpString(scalar(t.gasLimit)), rlpString(bytes(t.to)),
    rlpString(scalar(t.value)), rlpString(bytes(t.payload)),
  ];
  const unsigned = rlpList(fields);
  if (hex(unsigned) !== v.unsignedEncoding) throw new Error("unsigned encoding mismatch");
  const signingHash = keccak_256(concat(new TextEncoder().encode("parley-tx-v1"), unsigned));
  if (hex(signingHash) !== v.signingHash) throw new Error("signing hash mismatch");
  const sig = secp.sign(signingHash, priv, { lowS: true }); // RFC 6979, as libsecp256k1
  const r = sig.r.toString(16).padStart(64, "0");
  const s = sig.s.toString(16).padStart(64, "0");
  if ("0x" + r !== v.r || "0x" + s !== v.s || sig.recovery !== v.v) throw new Error("signature mismatch");
  const signed = rlpList([...fields, rlpString(scalar(sig.recovery)), rlpString(scalar(sig.r)), rlpString(scalar(sig.s))]);
  if (hex(signed) !== v.signedEncoding) throw new Error("signed encoding mismatch");
  if (hex(keccak_256(signed)) !== v.hash) throw new Error("hash mismatch");
  const recovered = sig.recoverPublicKey(signingHash).toRawBytes(false).slice(1);
  if (hex(keccak_256(recovered).slice(12)) !== v.sender) throw new Error("recovery mismatch");
  checked++;
}
console.log(`all ${checked} valid vectors reproduced independently`);
