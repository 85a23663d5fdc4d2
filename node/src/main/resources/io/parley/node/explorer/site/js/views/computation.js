// Confidential computations: input commitments, outputs, attestation signers and blame evidence,
// as the node serves them through zk_getComputation(id) and chain_subscribe("computation", {id}).
// A node that does not list zk_getComputation in rpc.discover does not serve computations: the
// views then say so and show nothing else (nothing here is made up in the page).

import { el, fields, notice, section, table } from '../dom.js';
import { isAddress, isHash } from '../format.js';
import { subscribe } from '../live.js';
import { call, servedMethods } from '../rpc.js';
import { addressLink } from './links.js';

export const COMPUTATION_METHOD = 'zk_getComputation';

const TITLES = {
  inputCommitments: 'Input commitments',
  outputs: 'Outputs',
  attestation: 'Attestation',
  signers: 'Attestation signers',
  blame: 'Blame evidence',
  blames: 'Blame evidence',
};

export async function computationsServed() {
  return (await servedMethods()).has(COMPUTATION_METHOD);
}

export function unavailable() {
  const text =
    `Confidential computations are not available from this node: its RPC (rpc.discover) has no ` +
    `${COMPUTATION_METHOD} method, because the chain does not run confidential computations yet. ` +
    'Confidential functions run in the contracts test kit only; this page will show their input ' +
    'commitments, outputs, attestation signers and blame evidence once the node serves them.';
  return el('p', { class: 'notice unavailable', id: 'computations-unavailable' }, text);
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Any JSON value the node answers, as tables and fields; addresses become links. */
function render(value, key = '') {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') {
    if (isAddress(value)) return addressLink(value, true);
    if (key === 'evidence' && isHash(value)) return el('a', { href: `#/evidence/${value}`, class: 'hex' }, value);
    return el('span', { class: isHash(value) || value.startsWith('0x') ? 'hex' : '' }, value);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every(isObject)) {
      const keys = [...new Set(value.flatMap((v) => Object.keys(v)))];
      return table(keys, value.map((v) => el('tr', {}, keys.map((k) => el('td', {}, render(v[k], k))))));
    }
    return el('ul', {}, value.map((v) => el('li', {}, render(v))));
  }
  if (isObject(value)) {
    return fields(Object.entries(value).map(([k, v]) => [TITLES[k] ?? k, render(v, k)]));
  }
  return String(value);
}

function lookup() {
  const input = el('input', { name: 'id', placeholder: 'computation id (32-byte hex)', spellcheck: 'false' });
  const form = el('form', { class: 'inline', id: 'computation-lookup' }, input, el('button', { type: 'submit' }, 'Open'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (isHash(input.value.trim())) location.hash = `#/computation/${input.value.trim().toLowerCase()}`;
  });
  return form;
}

export async function computations() {
  const served = await computationsServed();
  return el(
    'div',
    {},
    el('h1', {}, 'Confidential computations'),
    section('Computations', served ? lookup() : unavailable()),
  );
}

export async function computation(id, context) {
  if (!(await computationsServed())) {
    return el('div', {}, el('h1', {}, 'Confidential computation'), section('Computation', unavailable()));
  }
  const found = await call(COMPUTATION_METHOD, id);
  // the first notification is the status just read; reload only when it changes
  const stop = subscribe('computation', { id }, (status) => {
    if (status.status !== found.status) context.refresh();
  });
  context.onLeave(stop);
  const scalars = Object.entries(found).filter(([, v]) => !Array.isArray(v) && !isObject(v));
  const parts = Object.entries(found).filter(([, v]) => Array.isArray(v) || isObject(v));
  return el(
    'div',
    {},
    el('h1', {}, 'Confidential computation'),
    section('Computation', fields(scalars.map(([k, v]) => [TITLES[k] ?? k, render(v)]))),
    ...parts.map(([k, v]) => section(TITLES[k] ?? k, render(v))),
  );
}

/** A verified blame the chain recorded (zk_getEvidence): who was accused, by whom, the bytes. */
export async function evidence(digest) {
  const found = await call('zk_getEvidence', digest);
  const bytes = (found.evidence.length - 2) / 2;
  const { evidence: raw, ...rest } = found;
  return el(
    'div',
    {},
    el('h1', {}, 'Blame evidence'),
    section(
      'Evidence',
      fields([
        ...Object.entries(rest).map(([k, v]) =>
          k === 'computation'
            ? [k, el('a', { href: `#/computation/${v}` }, v)]
            : [k, render(v)],
        ),
        ['bytes', `${bytes} bytes (docs/spec/mpc-network.md section 4); verify with the committee's keys`],
      ]),
    ),
    el('pre', { class: 'hex', id: 'evidence-bytes' }, raw.length > 4096 ? `${raw.slice(0, 4096)}…` : raw),
  );
}

/** The contract page's part: only for a contract with confidential functions. */
export async function computationsOfContract(abi) {
  if (!abi.confidential || abi.confidential.length === 0) return null;
  const served = await computationsServed();
  return section('Confidential computations', served ? lookup() : unavailable());
}
