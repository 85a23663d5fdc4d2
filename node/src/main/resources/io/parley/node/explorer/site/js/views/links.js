// Links between the explorer's views.

import { link } from '../dom.js';
import { num, short } from '../format.js';

export function blockLink(number, text = String(num(number))) {
  return link(`#/block/${num(number)}`, text, { 'data-block': num(number) });
}

export function blockHashLink(hash, full = false) {
  return link(`#/block/${hash}`, full ? hash : short(hash), { class: 'hex' });
}

export function transactionLink(hash, full = false) {
  return link(`#/tx/${hash}`, full ? hash : short(hash), { class: 'hex', 'data-tx': hash });
}

export function addressLink(address, full = false) {
  if (!address) return '—';
  return link(`#/address/${address}`, full ? address : short(address), {
    class: 'hex',
    'data-address': address,
  });
}
