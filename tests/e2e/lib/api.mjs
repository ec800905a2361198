// Test set-up through the JSON API with the fixture's administrator token (areas for new children).
import { randomInt } from 'node:crypto';

export async function apiRequest(env, method, path, body) {
  const response = await fetch(env.baseUrl + path, {
    method,
    headers: {
      Authorization: `Bearer ${env.adminToken}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

// A new local authority and a cluster in it, so that the test can add a child there.
export async function makeCluster(env) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const la = `E${String(randomInt(10 ** 8)).padStart(8, '0')}`;
    const created = await apiRequest(env, 'POST', '/api/v1/areas', { code: la, name: `E2E authority ${la}`, kind: 'local_authority' });
    if (created.status === 409) continue;
    if (created.status !== 201) throw new Error(`POST /api/v1/areas answered ${created.status}: ${JSON.stringify(created.body)}`);
    const code = `E2E-${la.slice(1)}`;
    const cluster = await apiRequest(env, 'POST', '/api/v1/areas', { code, name: `E2E cluster ${la.slice(5)}`, kind: 'cluster', parent: la });
    if (cluster.status !== 201) throw new Error(`POST /api/v1/areas (cluster) answered ${cluster.status}: ${JSON.stringify(cluster.body)}`);
    return { code, name: cluster.body.name };
  }
  throw new Error('could not make a local authority with a free code');
}
