// Reading the RPC's encodings (docs/rpc.md "Encoding of values") and writing them for people.

export const PAR = 10n ** 18n;

export function big(quantity) {
  return BigInt(quantity);
}

export function num(quantity) {
  return Number(BigInt(quantity));
}

export function quantity(n) {
  return `0x${BigInt(n).toString(16)}`;
}

/** Base units as PAR with every significant decimal: "1.5 PAR". */
export function par(baseUnits) {
  const value = BigInt(baseUnits);
  const whole = value / PAR;
  const fraction = (value % PAR).toString().padStart(18, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction} PAR` : `${whole} PAR`;
}

export function time(millisQuantity) {
  return new Date(num(millisQuantity)).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

export function short(hex) {
  return hex && hex.length > 20 ? `${hex.slice(0, 10)}…${hex.slice(-8)}` : hex;
}

export const isHash = (s) => /^0x[0-9a-fA-F]{64}$/.test(s);
export const isAddress = (s) => /^0x[0-9a-fA-F]{40}$/.test(s);
export const isHeight = (s) => /^(\d+|0x[0-9a-fA-F]+)$/.test(s);

/** A block height typed by a person (decimal) or a program (0x-hex) as an RPC quantity. */
export function heightParameter(s) {
  return quantity(s.startsWith('0x') ? BigInt(s) : BigInt(s));
}

export function hexToBytes(hex) {
  const clean = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`not hex: ${hex}`);
  const bytes = new Uint8Array(clean.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

export function bytesToHex(bytes) {
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function bytesToBigInt(bytes) {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}
