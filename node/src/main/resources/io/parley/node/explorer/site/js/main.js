// The explorer's entry: routes #/… addresses to views, runs the search box and the live header.

import { el, notice } from './dom.js';
import { heightParameter, isAddress, isHash, isHeight, num } from './format.js';
import { onStatus, subscribe } from './live.js';
import { RpcError, TRANSACTION_NOT_FOUND, call } from './rpc.js';
import { account } from './views/account.js';
import { block } from './views/block.js';
import { computation, computations, evidence } from './views/computation.js';
import { home } from './views/home.js';
import { transaction } from './views/transaction.js';

const ROUTES = [
  [/^#\/?$/, home],
  [/^#\/block\/([0-9a-fA-Fx]+)$/, block],
  [/^#\/tx\/(0x[0-9a-fA-F]{64})$/, transaction],
  [/^#\/address\/(0x[0-9a-fA-F]{40})$/, account],
  [/^#\/computations$/, computations],
  [/^#\/computation\/(0x[0-9a-fA-F]{64})$/, computation],
  [/^#\/evidence\/(0x[0-9a-fA-F]{64})$/, evidence],
];

let generation = 0;
let leaving = [];

async function render() {
  leaving.forEach((stop) => stop());
  leaving = [];
  const mine = ++generation;
  const view = document.getElementById('view');
  const hash = location.hash || '#/';
  const route = ROUTES.find(([pattern]) => pattern.test(hash));
  if (!route) {
    view.replaceChildren(notice(`Nothing at ${hash}.`, 'error'));
    return;
  }
  const context = {
    current: () => mine === generation,
    refresh: () => mine === generation && render(),
    onLeave: (stop) => (mine === generation ? leaving.push(stop) : stop()),
  };
  view.replaceChildren(el('p', { class: 'loading' }, 'Loading…'));
  try {
    const content = await route[1](...route[0].exec(hash).slice(1), context);
    if (context.current()) view.replaceChildren(content);
  } catch (e) {
    if (context.current()) view.replaceChildren(failure(e));
  }
}

function failure(e) {
  const text = e instanceof RpcError ? `The node answered ${e.code}: ${e.message}` : String(e);
  return notice(text, 'error');
}

/** Where a search lands: a height, an address, or a 32-byte hash of a transaction or block. */
async function search(query) {
  const q = query.trim();
  if (isAddress(q)) return `#/address/${q.toLowerCase()}`;
  if (isHash(q)) {
    try {
      await call('tx_get', q);
      return `#/tx/${q.toLowerCase()}`;
    } catch (e) {
      if (!(e instanceof RpcError) || e.code !== TRANSACTION_NOT_FOUND) throw e;
      return `#/block/${q.toLowerCase()}`;
    }
  }
  if (isHeight(q)) return `#/block/${num(heightParameter(q))}`;
  throw new Error(`Not a block number, hash or address: ${q}`);
}

function start() {
  const status = document.getElementById('live-status');
  let head = '';
  let state = 'connecting';
  const show = () => {
    status.dataset.state = state;
    status.textContent = head ? `${state} · head ${head}` : state;
  };
  onStatus((s) => {
    state = s;
    show();
  });
  subscribe('newHeads', undefined, (header) => {
    head = String(num(header.number));
    show();
  });
  document.getElementById('search').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('search-input');
    try {
      location.hash = await search(input.value);
    } catch (e) {
      document.getElementById('view').replaceChildren(failure(e));
    }
  });
  window.addEventListener('hashchange', render);
  render();
}

start();
