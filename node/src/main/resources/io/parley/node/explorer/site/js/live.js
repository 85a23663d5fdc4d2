// Live updates: one WebSocket to this node (ws://<this host>/), shared by every subscription of
// the open page; reconnects and subscribes again if the connection drops (docs/rpc.md "WebSocket").

const subscriptions = new Set();
const pendingSubscribe = new Map();
let socket = null;
let nextId = 1;
let retryMillis = 500;
let showStatus = () => {};

export function onStatus(listener) {
  showStatus = listener;
}

function url() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`;
}

function send(method, params) {
  const id = nextId++;
  socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  return id;
}

function connect() {
  showStatus('connecting');
  socket = new WebSocket(url());
  socket.onopen = () => {
    retryMillis = 500;
    showStatus('live');
    for (const entry of subscriptions) request(entry);
  };
  socket.onmessage = (message) => receive(JSON.parse(message.data));
  socket.onclose = () => {
    socket = null;
    pendingSubscribe.clear();
    for (const entry of subscriptions) entry.id = null;
    showStatus('reconnecting');
    setTimeout(connect, retryMillis);
    retryMillis = Math.min(retryMillis * 2, 10_000);
  };
}

function request(entry) {
  const params = entry.filter === undefined ? [entry.kind] : [entry.kind, entry.filter];
  pendingSubscribe.set(send('chain_subscribe', params), entry);
}

function receive(message) {
  if (message.method === 'chain_subscription') {
    for (const entry of subscriptions) {
      if (entry.id === message.params.subscription) entry.onItem(message.params.result);
    }
    return;
  }
  const entry = pendingSubscribe.get(message.id);
  if (!entry) return;
  pendingSubscribe.delete(message.id);
  if (message.error) {
    subscriptions.delete(entry);
    entry.onError(message.error);
  } else if (subscriptions.has(entry)) {
    entry.id = message.result;
  } else {
    send('chain_unsubscribe', [message.result]);
  }
}

/**
 * Subscribes (chain_subscribe kind, filter); onItem gets each notification's result. Returns the
 * function that ends the subscription.
 */
export function subscribe(kind, filter, onItem, onError = () => {}) {
  const entry = { kind, filter, onItem, onError, id: null };
  subscriptions.add(entry);
  if (socket === null) connect();
  else if (socket.readyState === WebSocket.OPEN) request(entry);
  return () => {
    subscriptions.delete(entry);
    if (entry.id !== null && socket?.readyState === WebSocket.OPEN) {
      send('chain_unsubscribe', [entry.id]);
    }
  };
}
