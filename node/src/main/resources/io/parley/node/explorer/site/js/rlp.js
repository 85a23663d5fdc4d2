// RLP (docs/spec/transactions.md): a byte string is a Uint8Array, a list an Array.

export function decode(bytes) {
  const [item, end] = decodeAt(bytes, 0);
  if (end !== bytes.length) throw new Error('RLP: trailing bytes');
  return item;
}

function length(bytes, start, size) {
  if (start + size > bytes.length) throw new Error('RLP: truncated');
  let n = 0;
  for (let i = start; i < start + size; i++) n = n * 256 + bytes[i];
  return n;
}

function decodeAt(bytes, i) {
  if (i >= bytes.length) throw new Error('RLP: truncated');
  const prefix = bytes[i];
  let start;
  let size;
  let list;
  if (prefix < 0x80) return [bytes.subarray(i, i + 1), i + 1];
  if (prefix < 0xb8) [start, size, list] = [i + 1, prefix - 0x80, false];
  else if (prefix < 0xc0) [start, size, list] = [i + 1 + prefix - 0xb7, length(bytes, i + 1, prefix - 0xb7), false];
  else if (prefix < 0xf8) [start, size, list] = [i + 1, prefix - 0xc0, true];
  else [start, size, list] = [i + 1 + prefix - 0xf7, length(bytes, i + 1, prefix - 0xf7), true];
  const end = start + size;
  if (end > bytes.length) throw new Error('RLP: truncated');
  if (!list) return [bytes.subarray(start, end), end];
  const items = [];
  for (let j = start; j < end;) {
    const [item, next] = decodeAt(bytes, j);
    items.push(item);
    j = next;
  }
  return [items, end];
}

function header(offset, size) {
  if (size < 56) return Uint8Array.of(offset + size);
  const digits = [];
  for (let n = size; n > 0; n = Math.floor(n / 256)) digits.unshift(n % 256);
  return Uint8Array.of(offset + 55 + digits.length, ...digits);
}

export function encode(item) {
  if (Array.isArray(item)) {
    const parts = item.map(encode);
    const body = concat(parts);
    return concat([header(0xc0, body.length), body]);
  }
  if (item.length === 1 && item[0] < 0x80) return item;
  return concat([header(0x80, item.length), item]);
}

/** A non-negative integer as an RLP scalar: big-endian, no leading zeros (0 is empty). */
export function scalar(value) {
  const digits = [];
  for (let n = BigInt(value); n > 0n; n >>= 8n) digits.unshift(Number(n & 0xffn));
  return Uint8Array.from(digits);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
