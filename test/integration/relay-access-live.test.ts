/**
 * What open connections notice of access changes ([R33], [R34]), the token in
 * the websocket subprotocol and out of every log ([R35]), and the setup link
 * the CLI prints ([R32]). Real relay, real websockets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import type { JoinedWorkspace } from '../../shared/protocol';
import { AUTH_STATUS_PATH, BATON_SUBPROTOCOL, CloseCode, MEMBERS_PATH, MESSAGE_QUERY_AWARENESS, SETUP_PATH, memberPath, parseSetupLink, tokenSubprotocols } from '../../shared/protocol';
import type { RawSocket, StockClient, TestRelay } from '../helpers';
import {
  acceptInvite,
  accessCall,
  createCleanup,
  createInvite,
  openRawSocket,
  relayFor,
  runRelayCli,
  spawnRelayCli,
  stockClientFor,
  tempDirFor,
  upgradeResponse,
  waitForClose,
  waitUntil,
  withTimeout,
  workspaceWithMembers,
} from '../helpers';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

const authRelay = (): Promise<TestRelay> => relayFor(cleanup, { auth: 'data-dir', authCheckIntervalMs: 60_000 });
const text = (c: StockClient) => c.doc.getText('body').toString();
function append(c: StockClient, value: string): void {
  const body = c.doc.getText('body');
  body.insert(body.length, value);
}

/** Whether the relay still serves `socket`: it answers a query-awareness, and an earlier close would arrive first. */
async function stillServed(socket: RawSocket): Promise<boolean> {
  const before = socket.received.length;
  socket.ws.send(new Uint8Array([MESSAGE_QUERY_AWARENESS]));
  await waitUntil(() => socket.received.length > before || socket.ws.readyState !== socket.ws.OPEN, { description: 'an answer or a close' });
  return socket.ws.readyState === socket.ws.OPEN;
}

/** Resolves with the next close code the provider's socket gets. */
function nextClose(provider: WebsocketProvider): Promise<number> {
  return withTimeout(
    new Promise<number>((resolve) => {
      const onClose = (event: CloseEvent | null) => {
        provider.off('connection-close', onClose);
        resolve(event?.code ?? 0);
      };
      provider.on('connection-close', onClose);
    }),
    5000,
    'the provider’s connection to close',
  );
}

/** A websocket that offers its token the way Baton does: `baton.v1` and `baton.token.<token>`. */
function subprotocolSocket(url: string, path: string, token: string): Promise<RawSocket> {
  const ws = new WebSocket(`${url}/${path}`, tokenSubprotocols(token));
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  cleanup.add(() => ws.terminate());
  return withTimeout(
    new Promise<RawSocket>((resolve, reject) => {
      ws.once('open', () => resolve({ ws, received }));
      ws.once('error', reject);
    }),
    5000,
    'subprotocol socket open',
  );
}

describe('removing a member', () => {
  it('[R34] closes that member’s open connections with 4401 removed at once; the other two stay connected and keep syncing', async () => {
    const relay = await authRelay();
    const { owner, members } = await workspaceWithMembers(relay.url, relay.relay.auth!.secret, 'team', ['editor', 'editor']);
    const [gone, kept] = members as [JoinedWorkspace, JoinedWorkspace];
    const ownerClient = stockClientFor(cleanup, relay.url, 'team/doc', { token: owner.token });
    const keptClient = stockClientFor(cleanup, relay.url, 'team/doc', { token: kept.token });
    await Promise.all([ownerClient.synced(), keptClient.synced()]);
    // Two connections of the removed member: one by query, one by subprotocol.
    const goneByQuery = await openRawSocket(relay.url, `team/doc?token=${gone.token}`);
    const goneBySubprotocol = await subprotocolSocket(relay.url, 'team/other', gone.token);
    const keptRaw = await openRawSocket(relay.url, `team/doc?token=${kept.token}`);
    cleanup.add(() => keptRaw.ws.terminate());
    const closes = [waitForClose(goneByQuery.ws), waitForClose(goneBySubprotocol.ws)];

    expect((await accessCall(relay.url, 'DELETE', memberPath(gone.memberId), { token: owner.token })).status).toBe(204);
    // The check runs every 60 s here: these closes come from the removal itself.
    expect(await Promise.all(closes)).toEqual([
      { code: CloseCode.unauthorized, reason: 'removed' },
      { code: CloseCode.unauthorized, reason: 'removed' },
    ]);
    expect(await stillServed(keptRaw)).toBe(true);
    append(ownerClient, 'after the removal;');
    await waitUntil(() => text(keptClient) === 'after the removal;', { description: 'the owner’s edit reaches the kept member' });
    append(keptClient, 'reply;');
    await waitUntil(() => text(ownerClient) === 'after the removal;reply;', { description: 'the kept member’s edit reaches the owner' });
    expect(ownerClient.provider.wsconnected && keptClient.provider.wsconnected).toBe(true);
  });
});

describe('changing a member’s role', () => {
  it('[R33] takes effect on open connections: editor → viewer stops their edits, viewer → editor lets them through; /auth/status says which', async () => {
    const relay = await authRelay();
    const { owner, members } = await workspaceWithMembers(relay.url, relay.relay.auth!.secret, 'team', ['editor']);
    const member = members[0]!;
    const ownerClient = stockClientFor(cleanup, relay.url, 'team/doc', { token: owner.token });
    const memberClient = stockClientFor(cleanup, relay.url, 'team/doc', { token: member.token });
    await Promise.all([ownerClient.synced(), memberClient.synced()]);
    append(memberClient, 'as editor;');
    await waitUntil(() => text(ownerClient) === 'as editor;', { description: 'the editor’s edit reaches the owner' });

    const closed = nextClose(memberClient.provider);
    const demoted = await accessCall(relay.url, 'PATCH', memberPath(member.memberId), { token: owner.token, body: { role: 'viewer' } });
    expect(demoted).toMatchObject({ status: 200, body: { role: 'viewer' } });
    // Closed with the code that says "reconnect and read your role"; the stock client reconnects by itself.
    expect(await closed).toBe(CloseCode.roleChanged);
    expect((await accessCall(relay.url, 'GET', AUTH_STATUS_PATH, { token: member.token })).body).toMatchObject({ role: 'viewer', memberId: member.memberId });
    await waitUntil(() => memberClient.provider.wsconnected && memberClient.provider.synced, { description: 'the member reconnected' });
    const dropped = relay.relay.auth!.counters.viewerMessagesDropped;
    append(memberClient, 'as viewer;');
    await waitUntil(() => relay.relay.auth!.counters.viewerMessagesDropped > dropped, { description: 'the viewer’s edit dropped' });
    append(ownerClient, 'owner;');
    // The member's own dropped edit stays in its copy, at the same spot as the owner's: which comes first is up to the two client ids.
    await waitUntil(() => text(memberClient).includes('owner;'), { description: 'the viewer still receives' });
    expect(text(ownerClient)).toBe('as editor;owner;');

    const reopened = nextClose(memberClient.provider);
    expect((await accessCall(relay.url, 'PATCH', memberPath(member.memberId), { token: owner.token, body: { role: 'editor' } })).status).toBe(200);
    expect(await reopened).toBe(CloseCode.roleChanged);
    expect((await accessCall(relay.url, 'GET', AUTH_STATUS_PATH, { token: member.token })).body).toMatchObject({ role: 'editor' });
    await waitUntil(() => memberClient.provider.wsconnected && memberClient.provider.synced, { description: 'the member reconnected again' });
    append(memberClient, 'editor again;');
    await waitUntil(() => text(ownerClient).endsWith('editor again;'), { description: 'the promoted member’s edit reaches the owner' });
  });
});

describe('tokens stay out of URLs and logs', () => {
  it('[R35] a stock ws client offering baton.v1 and baton.token.<token> is accepted, and baton.v1 is selected', async () => {
    const relay = await authRelay();
    const owner = (await workspaceWithMembers(relay.url, relay.relay.auth!.secret, 'team', [])).owner;
    const socket = await subprotocolSocket(relay.url, 'team/doc', owner.token);
    expect(socket.ws.protocol).toBe(BATON_SUBPROTOCOL);
    expect(await stillServed(socket)).toBe(true);
    // A bad token offered the same way is refused before any websocket exists.
    const refused = await upgradeResponse(relay.url, 'team/doc', { 'sec-websocket-protocol': tokenSubprotocols('nonsense').join(', ') });
    expect(refused).toMatchObject({ status: 401, body: { reason: 'malformed' } });
  });

  it('[R35] nothing the relay logs or exports in /metrics holds a token, an invite code or the setup code', async () => {
    const relay = await authRelay();
    const secrets: string[] = [];
    const { owner, members } = await workspaceWithMembers(relay.url, relay.relay.auth!.secret, 'team', ['editor']);
    const invite = await createInvite(relay.url, owner.token, 'viewer');
    const viewer = await acceptInvite(relay.url, invite.code, 'Vee');
    secrets.push(owner.token, members[0]!.token, viewer.token, invite.code);
    const used = await accessCall(relay.url, 'POST', '/invites/accept', { body: { code: invite.code, name: 'Again' } });
    expect(used.status).toBe(410);
    const setupAgain = await accessCall(relay.url, 'POST', SETUP_PATH, { body: { code: 'wrong-code', workspace: 'team', name: 'X' } });
    expect(setupAgain.status).toBe(403);
    // Refusals of every kind, with the token in the query, the subprotocol and the header.
    await accessCall(relay.url, 'DELETE', memberPath(members[0]!.memberId), { token: owner.token });
    expect((await upgradeResponse(relay.url, `team/doc?token=${members[0]!.token}`)).status).toBe(401);
    expect((await upgradeResponse(relay.url, 'team/doc', { 'sec-websocket-protocol': tokenSubprotocols(members[0]!.token).join(',') })).status).toBe(401);
    expect((await upgradeResponse(relay.url, 'other/doc', { authorization: `Bearer ${viewer.token}` })).status).toBe(403);
    expect((await accessCall(relay.url, 'GET', `${MEMBERS_PATH}?workspace=other`, { token: viewer.token })).status).toBe(403);
    const socket = await subprotocolSocket(relay.url, 'team/doc', viewer.token);
    socket.ws.send(new Uint8Array([0xff, 0xff]));
    await waitForClose(socket.ws);
    // The positive marker: the relay logged those refusals and the malformed frame.
    await waitUntil(() => relay.logs.filter((line) => line.msg === 'access refused').length >= 4 && relay.logs.some((line) => line.msg === 'malformed frame, closing connection'), {
      description: 'the refusals logged',
    });
    const metrics = await (await fetch(relay.url.replace(/^ws/, 'http') + '/metrics')).text();
    const logged = JSON.stringify(relay.logs);
    const { setupCode } = await import('../../relay/access/setup');
    for (const secret of [...secrets, setupCode(relay.relay.auth!.secret)]) {
      expect(logged).not.toContain(secret);
      expect(metrics).not.toContain(secret);
      // Nor the token's signature alone (a log that cut the payload off).
      if (secret.includes('.')) expect(logged).not.toContain(secret.split('.')[1]);
    }
  });
});

describe('the setup link', () => {
  it('[R32] the CLI prints it after the listening line; pasting its code sets a workspace up; --no-auth prints none', async () => {
    const dataDir = tempDirFor(cleanup, 'baton-setup-');
    const relay = await spawnRelayCli(['--port', '0', '--data', dataDir]);
    cleanup.add(() => relay.kill());
    await waitUntil(() => relay.stdout().split('\n').length >= 3, { description: 'the setup link line' });
    const [listening, setup, rest] = relay.stdout().split('\n');
    expect(listening).toBe(`listening on ${relay.url}`);
    expect(setup).toMatch(/^setup link: baton:\/\/setup\?relay=ws%3A%2F%2F127\.0\.0\.1%3A\d+&code=[A-Za-z0-9_-]{43}$/);
    expect(rest).toBe('');
    const link = parseSetupLink(setup!.slice('setup link: '.length))!;
    expect(link.relayUrl).toBe(relay.url);
    const joined = await accessCall<JoinedWorkspace>(relay.url, 'POST', SETUP_PATH, { body: { code: link.code, workspace: 'team', name: 'Ana' } });
    expect(joined).toMatchObject({ status: 201, body: { role: 'owner' } });
    expect(relay.stderr()).not.toContain(link.code);
    expect(relay.stderr()).not.toContain(joined.body.token);

    // Behind a proxy the link carries the address people reach; a bad one is refused before starting.
    relay.kill();
    await relay.exited;
    const proxied = await spawnRelayCli(['--port', '0', '--data', dataDir], { env: { BATON_PUBLIC_URL: 'wss://relay.example.com' } });
    cleanup.add(() => proxied.kill());
    await waitUntil(() => proxied.stdout().includes('setup link: '), { description: 'the proxied setup link' });
    expect(parseSetupLink(proxied.stdout().split('\n')[1]!.slice('setup link: '.length))).toEqual({ relayUrl: 'wss://relay.example.com', code: link.code });
    const bad = await runRelayCli(['--port', '0', '--data', dataDir], { env: { BATON_PUBLIC_URL: 'https://relay.example.com' } });
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toContain('BATON_PUBLIC_URL');

    const open = await spawnRelayCli(['--port', '0', '--data', tempDirFor(cleanup, 'baton-setup-'), '--no-auth']);
    cleanup.add(() => open.kill());
    // An answered request proves the CLI got past its start-up (signal handlers included) before it is stopped.
    expect((await fetch(`${open.url.replace(/^ws/, 'http')}/healthz`)).status).toBe(200);
    open.child.kill('SIGTERM');
    expect(await withTimeout(open.exited, 10_000, 'relay exit')).toBe(0);
    expect(open.stdout()).toBe(`listening on ${open.url}\n`);
  });
});
