// Contract values as the ABI types them (docs/spec/language.md section 8): call payloads, event
// topics and data, and the address a deploy creates.

import { bytesToBigInt, bytesToHex, hexToBytes } from './format.js';
import { keccak256 } from './keccak.js';
import { decode, encode, scalar } from './rlp.js';

const UNSIGNED = /^u(\d+)$/;
const SIGNED = /^i(\d+)$/;
const ARRAY = /^(.+)\[(\d+)\]$/;

function printable(bytes) {
  return bytes.length > 0 && bytes.every((b) => b >= 0x20 && b < 0x7f);
}

/** One value item as text: integers in decimal, bytes as hex (and as text when printable). */
export function valueText(type, item) {
  if (Array.isArray(item)) {
    const element = ARRAY.exec(type);
    return `[${item.map((i) => valueText(element ? element[1] : '?', i)).join(', ')}]`;
  }
  if (UNSIGNED.test(type)) return bytesToBigInt(item).toString();
  if (SIGNED.test(type)) {
    let value = bytesToBigInt(item);
    if (item.length > 0 && item[0] & 0x80) value -= 1n << BigInt(8 * item.length);
    return value.toString();
  }
  if (type === 'bool') return item.length === 0 ? 'false' : 'true';
  if (type === 'bytes' && printable(item)) {
    return `"${new TextDecoder().decode(item)}" (${bytesToHex(item)})`;
  }
  return bytesToHex(item);
}

/** A value as contract_query answers it (JSON by ABI type) as text, like valueText. */
export function jsonValueText(type, value) {
  if (type === 'bytes' && typeof value === 'string') return valueText(type, hexToBytes(value));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** An indexed event field from its 32-byte topic. */
export function topicText(type, topic) {
  if (type === 'address') return `0x${topic.slice(-40)}`;
  if (type === 'bool') return BigInt(topic) === 0n ? 'false' : 'true';
  if (UNSIGNED.test(type)) return BigInt(topic).toString();
  const signed = SIGNED.exec(type);
  if (signed) return BigInt.asIntN(256, BigInt(topic)).toString();
  return `keccak256 ${topic}`;
}

/** An event decoded by its contract's ABI: {name, fields: [{name, type, value}]}, or null. */
export function decodeEvent(abi, event) {
  const definition = abi?.events?.find((e) => e.topic === event.topics[0]);
  if (!definition) return null;
  let data = [];
  try {
    data = decode(hexToBytes(event.data));
  } catch {
    return { name: definition.name, fields: [] };
  }
  let topic = 1;
  let item = 0;
  const fields = definition.fields.map((f) => ({
    name: f.name,
    type: f.type,
    value: f.indexed ? topicText(f.type, event.topics[topic++]) : valueText(f.type, data[item++]),
  }));
  return { name: definition.name, fields };
}

/** A call payload RLP([name, [args]]) with its arguments typed by the action's ABI inputs. */
export function decodeCall(abi, payload) {
  const [name, args] = decode(hexToBytes(payload));
  const action = new TextDecoder().decode(name);
  const inputs = abi?.actions?.find((a) => a.name === action)?.inputs ?? [];
  return {
    action,
    args: args.map((arg, i) => ({
      name: inputs[i]?.name ?? `#${i}`,
      type: inputs[i]?.type ?? '?',
      value: valueText(inputs[i]?.type ?? '?', arg),
    })),
  };
}

/** keccak256(RLP([sender, nonce]))[12..]: the address a deploy creates (language.md section 8). */
export function contractAddress(sender, nonce) {
  const hash = keccak256(encode([hexToBytes(sender), scalar(BigInt(nonce))]));
  return bytesToHex(hash.subarray(12));
}
