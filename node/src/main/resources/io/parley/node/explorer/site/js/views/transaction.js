// One transaction: what was signed, where it was committed, its receipt with decoded events, and
// for contract transactions the action called or the contract created.

import { el, fields, hexBlock, notice, section, table } from '../dom.js';
import { big, num, par } from '../format.js';
import { subscribe } from '../live.js';
import { abiOrNull, call } from '../rpc.js';
import { contractAddress, decodeCall, decodeEvent } from '../values.js';
import { addressLink, blockLink } from './links.js';

function argumentsText(args) {
  return args.map((a) => `${a.name}: ${a.value}`).join(', ');
}

// The code store: calls to it upload parts of a bundle deployed in parts (deploy-in-parts.md).
const CODE_STORE = '0x00000000000000000000000000000000000000c2';

async function contractRows(tx, receipt) {
  if (tx.kind === 'call' && tx.to?.toLowerCase() === CODE_STORE) {
    return [['Code store', 'a part of a bundle deployed in parts']];
  }
  if (tx.kind === 'deploy') {
    const created = contractAddress(tx.from, tx.nonce);
    if (receipt?.status === '0x1') return [['Contract created', addressLink(created, true)]];
    return [['Contract created', receipt ? 'none (the deployment failed)' : 'not yet (pending)']];
  }
  if (tx.kind === 'call') {
    const abi = await abiOrNull(tx.to);
    try {
      const decoded = decodeCall(abi, tx.payload);
      return [
        ['Contract', el('span', {}, addressLink(tx.to, true), abi ? ` (${abi.contract})` : '')],
        ['Action', `${decoded.action}(${argumentsText(decoded.args)})`],
      ];
    } catch (e) {
      return [['Action', `payload does not decode: ${e.message}`]];
    }
  }
  return [];
}

async function eventsTable(events) {
  const sources = [...new Set(events.map((e) => e.source))];
  const abis = new Map(await Promise.all(sources.map(async (s) => [s, await abiOrNull(s)])));
  const rows = events.map((event, i) => {
    const decoded = decodeEvent(abis.get(event.source), event);
    return el(
      'tr',
      {},
      el('td', {}, String(i)),
      el('td', {}, addressLink(event.source)),
      el('td', {}, decoded ? decoded.name : 'unknown event'),
      el('td', {}, decoded ? argumentsText(decoded.fields) : ''),
      el(
        'td',
        {},
        el(
          'details',
          {},
          el('summary', {}, 'topics and data'),
          el('pre', { class: 'hex' }, [...event.topics, `data ${event.data}`].join('\n')),
        ),
      ),
    );
  });
  return table(['#', 'Source', 'Event', 'Fields', 'Raw'], rows, { id: 'events' });
}

async function receiptSection(receipt) {
  const success = receipt.status === '0x1';
  return section(
    'Receipt',
    fields([
      ['Result', el('span', { class: success ? 'success' : 'failure' }, success ? 'success' : 'failed')],
      success ? null : ['Failure reason', receipt.failureReason],
      ['Gas used', String(num(receipt.gasUsed))],
      ['Events', String(receipt.events.length)],
    ]),
    receipt.events.length > 0 ? await eventsTable(receipt.events) : null,
  );
}

export async function transaction(hash, context) {
  const tx = await call('tx_get', hash);
  const committed = tx.status === 'committed';
  const receipt = committed ? await call('tx_getReceipt', hash) : null;
  if (!committed) {
    const stop = subscribe('transaction', { hash }, (status) => {
      if (status.status !== 'pending') context.refresh();
    });
    context.onLeave(stop);
  }
  return el(
    'div',
    {},
    el('h1', {}, 'Transaction'),
    section(
      'Transaction',
      fields([
        ['Hash', el('span', { class: 'hex' }, tx.hash)],
        ['Status', committed ? 'committed' : 'pending (this page updates when it is committed)'],
        committed ? ['Block', blockLink(tx.blockNumber)] : null,
        committed ? ['Index', String(num(tx.transactionIndex))] : null,
        ['Kind', tx.kind],
        ['From', addressLink(tx.from, true)],
        ['To', tx.to ? addressLink(tx.to, true) : 'none (deploys a contract)'],
        ...(await contractRows(tx, receipt)),
        ['Value', `${par(tx.value)} (${big(tx.value)} base units)`],
        ['Nonce', String(num(tx.nonce))],
        ['Gas price', String(big(tx.gasPrice))],
        ['Gas limit', String(num(tx.gasLimit))],
        ['Payload', tx.payload === '0x' ? 'empty' : hexBlock(tx.payload)],
        ['Signature', hexBlock(`${tx.r}${tx.s.slice(2)}`, `r, s (recovery id ${num(tx.v)})`)],
      ]),
    ),
    receipt ? await receiptSection(receipt) : section('Receipt', notice('Pending: no receipt yet.')),
  );
}
