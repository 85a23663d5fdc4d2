// One block: its header, the certificate with which this node committed it (who signed), and
// its transactions.

import { el, fields, hexBlock, link, notice, section, table } from '../dom.js';
import { heightParameter, isHash, num, par, short, time } from '../format.js';
import { call } from '../rpc.js';
import { addressLink, blockHashLink, transactionLink } from './links.js';

function certificateSection(block, validators) {
  const certificate = block.certificate;
  if (!certificate) {
    return section('Certificate', notice('Genesis is fixed by genesis.json: it has no certificate.'));
  }
  const signed = new Map(certificate.votes.map((v) => [v.validatorIndex, v.signature]));
  const rows = validators.validators.map((v, index) =>
    el(
      'tr',
      { 'data-validator': index, 'data-signed': String(signed.has(index)) },
      el('td', {}, String(index)),
      el('td', {}, addressLink(v.address, true)),
      el('td', {}, signed.has(index) ? 'signed' : 'not in this certificate'),
      el('td', { class: 'mono' }, signed.has(index) ? short(signed.get(index)) : '—'),
    ));
  return section(
    'Certificate',
    fields([
      ['Signers', `${certificate.votes.length} of ${validators.validators.length} validators (quorum ${num(validators.quorum)})`],
      ['Round', String(num(certificate.round))],
      ['Height', String(num(certificate.height))],
      ['Block hash', el('span', { class: 'hex' }, certificate.blockHash)],
      ['Encoded', hexBlock(certificate.encoded)],
    ]),
    table(['Validator', 'Address', 'Vote', 'Signature'], rows, { id: 'signers' }),
    el(
      'p',
      { class: 'muted' },
      'This is the certificate with which this node committed the block; another node may hold ',
      'another valid one (other signers or round). The next block carries the one the chain fixed.',
    ),
  );
}

function transactionsSection(block) {
  if (block.transactions.length === 0) return section('Transactions', notice('No transactions.'));
  const rows = block.transactions.map((tx) =>
    el(
      'tr',
      {},
      el('td', {}, String(num(tx.transactionIndex))),
      el('td', {}, transactionLink(tx.hash)),
      el('td', {}, tx.kind),
      el('td', {}, addressLink(tx.from)),
      el('td', {}, tx.to ? addressLink(tx.to) : 'new contract'),
      el('td', {}, par(tx.value)),
    ));
  return section(
    'Transactions',
    table(['#', 'Hash', 'Kind', 'From', 'To', 'Value'], rows, { id: 'block-transactions' }),
  );
}

export async function block(id) {
  const found = isHash(id)
    ? await call('chain_getBlockByHash', id, true)
    : await call('chain_getBlockByNumber', heightParameter(id), true);
  const number = num(found.number);
  const validators = await call('chain_getValidators', found.number);
  const proposerIndex = validators.validators.findIndex((v) => v.address === found.proposer);
  return el(
    'div',
    {},
    el('h1', {}, `Block ${number}`),
    el(
      'div',
      { class: 'pager' },
      number > 0 ? link(`#/block/${number - 1}`, '← previous') : null,
      link(`#/block/${number + 1}`, 'next →'),
    ),
    section(
      'Header',
      fields([
        ['Number', String(number)],
        ['Hash', el('span', { class: 'hex' }, found.hash)],
        ['Parent', number > 0 ? blockHashLink(found.parentHash, true) : found.parentHash],
        ['Time', time(found.timestamp)],
        ['Proposer', el('span', {}, addressLink(found.proposer, true), proposerIndex >= 0 ? ` (validator ${proposerIndex})` : '')],
        ['Transactions', String(num(found.transactionCount))],
        ['Gas used', String(num(found.gasUsed))],
        ['Size', `${num(found.size)} bytes`],
        ['State root', el('span', { class: 'hex' }, found.stateRoot)],
        ['Transactions root', el('span', { class: 'hex' }, found.transactionsRoot)],
        ['Receipts root', el('span', { class: 'hex' }, found.receiptsRoot)],
        ['Consensus data', hexBlock(found.consensusData, number > 0 ? "RLP([round, parent's certificate])" : 'genesis config hash')],
      ]),
    ),
    certificateSection(found, validators),
    transactionsSection(found),
  );
}
