// An account at the latest block; a contract account also shows its contract (contract.js).

import { el, fields, notice, section } from '../dom.js';
import { big, num, par } from '../format.js';
import { abiOrNull, call } from '../rpc.js';
import { contractSections } from './contract.js';
import { blockLink } from './links.js';

export async function account(address, context) {
  const [state, abi] = await Promise.all([call('state_getAccount', address), abiOrNull(address)]);
  const page = el(
    'div',
    {},
    el('h1', {}, abi ? `Contract ${abi.contract}` : 'Account'),
    section(
      'Account',
      fields([
        ['Address', el('span', { class: 'hex' }, state.address)],
        ['Balance', `${par(state.balance)} (${big(state.balance)} base units)`],
        ['Nonce', String(num(state.nonce))],
        ['Pending nonce', String(num(state.pendingNonce))],
        ['Code hash', el('span', { class: 'hex' }, state.codeHash)],
        ['Storage root', el('span', { class: 'hex' }, state.storageRoot)],
        ['At block', blockLink(state.blockNumber)],
      ]),
    ),
  );
  if (abi) {
    page.append(...(await contractSections(address, abi, context)));
  } else {
    page.append(section('Contract', notice('No contract at this address.')));
  }
  return page;
}
