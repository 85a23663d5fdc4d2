// A contract as its ABI describes it (docs/spec/language.md section 7): views with their current
// values, actions, events, state, confidential functions and collections; its events live.

import { el, fields, notice, section, table } from '../dom.js';
import { num } from '../format.js';
import { subscribe } from '../live.js';
import { RpcError, batch } from '../rpc.js';
import { decodeEvent, jsonValueText } from '../values.js';
import { computationsOfContract } from './computation.js';
import { blockLink, transactionLink } from './links.js';

const parameters = (inputs) => inputs.map((i) => `${i.name}: ${i.type}`).join(', ');

function signature(f) {
  return `${f.name}(${parameters(f.inputs)})${f.output ? ` -> ${f.output}` : ''}`;
}

async function viewsSection(address, views) {
  if (views.length === 0) return section('Views', notice('No views.'));
  const readable = views.filter((v) => v.inputs.length === 0);
  const answers = await batch(readable.map((v) => ['contract_query', address, v.name, []]));
  const values = new Map(readable.map((v, i) => [v.name, answers[i]]));
  const rows = views.map((v) => {
    const answer = values.get(v.name);
    let value = el('span', { class: 'muted' }, 'takes arguments');
    if (answer instanceof RpcError) value = el('span', { class: 'failure' }, answer.message);
    else if (answer) value = jsonValueText(v.output, answer.value);
    return el('tr', { 'data-view': v.name }, el('td', {}, signature(v)), el('td', { class: 'value' }, value));
  });
  return section('Views', table(['View', 'Value at the latest block'], rows, { id: 'views' }));
}

function listSection(title, items, headings, row, id) {
  if (!items || items.length === 0) return section(title, notice(`No ${title.toLowerCase()}.`));
  return section(title, table(headings, items.map(row), { id }));
}

function confidentialSection(abi) {
  return listSection(
    'Confidential functions',
    abi.confidential,
    ['Function', 'Circuit', 'Inputs', 'Outputs'],
    (f) =>
      el(
        'tr',
        {},
        el('td', {}, f.name),
        el('td', {}, f.circuit),
        el('td', {}, f.inputs.map((i) => `${i.name}: ${i.kind} ${i.type}`).join(', ')),
        el(
          'td',
          {},
          f.outputs.map((o) => `${o.name}: ${o.type} to ${o.to === 'address' ? o.address ?? o.recipient : o.to}`).join(', '),
        ),
      ),
    'confidential',
  );
}

function liveEventsSection(address, abi, context) {
  const body = el('tbody', { id: 'live-events' });
  const waiting = el('p', { class: 'muted' }, 'Waiting for events of this contract in new blocks…');
  const stop = subscribe(
    'events',
    { address },
    (event) => {
      waiting.hidden = true;
      const decoded = decodeEvent(abi, event);
      body.prepend(
        el(
          'tr',
          { class: 'fresh' },
          el('td', {}, blockLink(event.blockNumber)),
          el('td', {}, transactionLink(event.transactionHash)),
          el('td', {}, decoded ? decoded.name : 'unknown event'),
          el('td', {}, decoded ? decoded.fields.map((f) => `${f.name}: ${f.value}`).join(', ') : event.data),
        ),
      );
    },
    (error) => {
      waiting.textContent = `Live events unavailable: ${error.message}`;
    },
  );
  context.onLeave(stop);
  return section('Events since this page opened', waiting, table(['Block', 'Transaction', 'Event', 'Fields'], body));
}

export async function contractSections(address, abi, context) {
  return [
    section(
      'Contract',
      fields([
        ['Name', abi.contract],
        ['ABI format', abi.format],
        ['Code hash', el('span', { class: 'hex' }, abi.codeHash)],
        ['Init', abi.init ? `init(${parameters(abi.init.inputs)})` : 'none'],
      ]),
    ),
    await viewsSection(address, abi.views),
    listSection('Actions', abi.actions, ['Action'], (a) => el('tr', { 'data-action': a.name }, el('td', {}, signature(a))), 'actions'),
    listSection(
      'Events',
      abi.events,
      ['Event', 'Fields', 'Topic'],
      (e) =>
        el(
          'tr',
          {},
          el('td', {}, e.signature),
          el('td', {}, e.fields.map((f) => `${f.name}: ${f.type}${f.indexed ? ' indexed' : ''}`).join(', ')),
          el('td', { class: 'mono' }, e.topic),
        ),
      'abi-events',
    ),
    listSection(
      'State',
      abi.state,
      ['Variable', 'Type', 'Storage key'],
      (s) =>
        el(
          'tr',
          {},
          el('td', {}, s.name),
          el('td', {}, `${s.secret ? 'secret ' : ''}${s.type}`),
          el('td', { class: 'mono' }, s.slot || 'not in the storage tree (secret)'),
        ),
      'state',
    ),
    confidentialSection(abi),
    abi.collections
      ? listSection(
          'Collections of secret inputs',
          abi.collections,
          ['Collection', 'Capacity', 'Fields', 'Where'],
          (c) =>
            el(
              'tr',
              {},
              el('td', {}, c.name),
              el('td', {}, `${num(c.capacity)}${c.onePerOwner ? ', one per owner' : ''}`),
              el('td', {}, c.fields.map((f) => `${f.name}: ${f.type}`).join(', ')),
              el('td', {}, c.where ?? '—'),
            ),
          'collections',
        )
      : null,
    await computationsOfContract(abi),
    liveEventsSection(address, abi, context),
    section('ABI', el('details', {}, el('summary', {}, 'ABI JSON'), el('pre', { id: 'abi-json' }, JSON.stringify(abi, null, 2)))),
  ].filter(Boolean);
}
