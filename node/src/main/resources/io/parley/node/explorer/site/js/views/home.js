// The front page: the chain, its validators and its latest blocks and transactions, live.

import { el, notice, section, table } from '../dom.js';
import { num, par, quantity, short, time } from '../format.js';
import { subscribe } from '../live.js';
import { all } from '../rpc.js';
import { addressLink, blockLink, transactionLink } from './links.js';

const BLOCKS_SHOWN = 12;
const TRANSACTIONS_SHOWN = 20;

function signers(block, validators) {
  if (!block.certificate) return 'genesis';
  return `${block.certificate.votes.length} of ${validators.validators.length}`;
}

function blockRow(block, validators) {
  return el(
    'tr',
    { 'data-number': num(block.number) },
    el('td', {}, blockLink(block.number)),
    el('td', { class: 'mono' }, short(block.hash)),
    el('td', {}, time(block.timestamp)),
    el('td', {}, String(num(block.transactionCount))),
    el('td', {}, signers(block, validators)),
    el('td', {}, addressLink(block.proposer)),
  );
}

function transactionRow(tx) {
  return el(
    'tr',
    {},
    el('td', {}, transactionLink(tx.hash)),
    el('td', {}, tx.kind),
    el('td', {}, addressLink(tx.from)),
    el('td', {}, tx.to ? addressLink(tx.to) : 'new contract'),
    el('td', {}, par(tx.value)),
    el('td', {}, blockLink(tx.blockNumber)),
  );
}

/** Blocks from..to, newest first, and their newest transactions (at most TRANSACTIONS_SHOWN). */
async function fetchBlocks(from, to) {
  const calls = [];
  for (let h = to; h >= from; h--) calls.push(['chain_getBlockByNumber', quantity(h), false]);
  const blocks = await all(calls);
  const hashes = blocks.flatMap((b) => [...b.transactions].reverse()).slice(0, TRANSACTIONS_SHOWN);
  const transactions = await all(hashes.map((h) => ['tx_get', h]));
  return { blocks, transactions };
}

function trim(tbody, max) {
  while (tbody.rows.length > max) tbody.deleteRow(tbody.rows.length - 1);
}

export async function home(context) {
  const [info, validators, head] = await all([['chain_id'], ['chain_getValidators'], ['chain_head']]);
  let highest = num(head.number);
  const first = await fetchBlocks(Math.max(0, highest - BLOCKS_SHOWN + 1), highest);
  const blockBody = el('tbody', { id: 'latest-blocks' }, first.blocks.map((b) => blockRow(b, validators)));
  const txBody = el('tbody', { id: 'latest-transactions' }, first.transactions.map(transactionRow));
  const headText = el('strong', { id: 'head-number' }, String(highest));
  const liveError = notice('', 'error');
  liveError.hidden = true;

  let queue = Promise.resolve();
  const stop = subscribe('newHeads', undefined, (header) => {
    const number = num(header.number);
    queue = queue
      .then(async () => {
        if (number <= highest) return;
        const fresh = await fetchBlocks(Math.max(highest + 1, number - BLOCKS_SHOWN + 1), number);
        highest = number;
        headText.textContent = String(number);
        const rows = fresh.blocks.map((b) => blockRow(b, validators));
        rows.forEach((row) => row.classList.add('fresh'));
        blockBody.prepend(...rows);
        txBody.prepend(...fresh.transactions.map(transactionRow));
        trim(blockBody, BLOCKS_SHOWN);
        trim(txBody, TRANSACTIONS_SHOWN);
        liveError.hidden = true;
      })
      .catch((e) => {
        liveError.textContent = `Live update failed: ${e.message}`;
        liveError.hidden = false;
      });
  });
  context.onLeave(stop);

  const summary = el(
    'div',
    { class: 'summary' },
    el('div', {}, el('span', {}, 'Chain id'), el('strong', { id: 'chain-id' }, String(num(info.chainId)))),
    el('div', {}, el('span', {}, 'Head'), headText),
    el(
      'div',
      {},
      el('span', {}, 'Validators'),
      el('strong', {}, `${validators.validators.length} (quorum ${num(validators.quorum)})`),
    ),
    el('div', {}, el('span', {}, 'Genesis'), el('strong', { class: 'hex' }, short(info.genesisHash))),
  );
  return el(
    'div',
    {},
    el('h1', {}, 'Parley chain'),
    liveError,
    section('Chain', summary),
    section(
      'Latest blocks',
      table(['Block', 'Hash', 'Time', 'Transactions', 'Signers', 'Proposer'], blockBody),
    ),
    section('Latest transactions', table(['Hash', 'Kind', 'From', 'To', 'Value', 'Block'], txBody)),
  );
}
