// JSON-RPC over HTTP to the node that served this page (same origin: POST /).

export const BLOCK_NOT_FOUND = 4040;
export const TRANSACTION_NOT_FOUND = 4041;
export const CONTRACT_NOT_FOUND = 4050;

export class RpcError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

let nextId = 1;

async function post(body) {
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
  });
  return response.json();
}

function request(method, params) {
  return { jsonrpc: '2.0', id: nextId++, method, params };
}

export async function call(method, ...params) {
  const answer = await post(request(method, params));
  if (answer.error) throw new RpcError(answer.error.code, answer.error.message);
  return answer.result;
}

/** Several calls in one batch: each answer is a result or an RpcError, in the order asked. */
export async function batch(calls) {
  if (calls.length === 0) return [];
  const requests = calls.map(([method, ...params]) => request(method, params));
  const answers = await post(requests);
  if (!Array.isArray(answers)) throw new RpcError(answers.error.code, answers.error.message);
  const byId = new Map(answers.map((a) => [a.id, a]));
  return requests.map((r) => {
    const a = byId.get(r.id);
    return a.error ? new RpcError(a.error.code, a.error.message) : a.result;
  });
}

/** Like batch, but the first error is thrown. */
export async function all(calls) {
  const answers = await batch(calls);
  const failed = answers.find((a) => a instanceof RpcError);
  if (failed) throw failed;
  return answers;
}

/** The ABI of the contract at address (latest block), or null if there is none there. */
export async function abiOrNull(address) {
  try {
    return await call('contract_getAbi', address);
  } catch (e) {
    if (e instanceof RpcError && e.code === CONTRACT_NOT_FOUND) return null;
    throw e;
  }
}

let served;

/** The method names this node serves, from its OpenRPC document (rpc.discover). */
export function servedMethods() {
  served ??= call('rpc.discover').then((doc) => new Set(doc.methods.map((m) => m.name)));
  return served;
}
