import { LongpollHub, type LongpollFeed } from './longpoll-hub';

const URL_ = 'http://server.test/sync/_changes';

interface SentRequest {
  body: { feeds: Record<string, string>; limit?: number; heartbeat?: number; timeout?: number };
  signal: AbortSignal;
  answered: boolean;
  answer(body: unknown, status?: number): void;
  fail(error: unknown): void;
}

/** A server at the HTTP boundary whose answers the test gives by hand. */
class ManualServer {
  readonly sent: SentRequest[] = [];

  readonly fetch = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    expect(String(input)).toBe(URL_);
    expect(init.method).toBe('POST');
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal!;
      signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      const request: SentRequest = {
        body: JSON.parse(String(init.body)),
        signal,
        answered: false,
        answer: (body, status = 200) => {
          request.answered = true;
          resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
        },
        fail: (error) => {
          request.answered = true;
          reject(error);
        },
      };
      this.sent.push(request);
    });
  };

  /** Requests neither answered nor aborted: waiting on the server. */
  get open(): SentRequest[] {
    return this.sent.filter((request) => !request.signal.aborted && !request.answered);
  }

  get last(): SentRequest {
    return this.sent.at(-1)!;
  }
}

const page = (id: string, lastSeq: string) => ({ results: [{ seq: lastSeq, id, changes: [{ rev: '1-a' }], doc: { _id: id, _rev: '1-a' } }], last_seq: lastSeq });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets the hub's debounce (5 ms in these tests) fire and its promises settle. */
const settle = () => pause(25);

describe('LongpollHub', () => {
  let server: ManualServer;
  let hub: LongpollHub;
  /** Registers a feed; the hub's closing at the end of a test is not an unhandled rejection. */
  const register = (feed: LongpollFeed): Promise<Response> => {
    const wait = hub.register(feed);
    wait.catch(() => undefined);
    return wait;
  };

  beforeEach(() => {
    server = new ManualServer();
    hub = new LongpollHub({ url: URL_, fetch: server.fetch, debounceMs: 5 });
  });
  afterEach(() => hub.close());

  it('sends ONE request for every collection registered together', async () => {
    const names = ['profiles', 'documents', 'document_files', 'referrals', 'consultations', 'notifications', 'doctor_settings'];
    const waits = names.map((collection, i) => register({ collection, since: `s${i}`, limit: 100, heartbeat: 25_000 }));
    await settle();
    expect(server.sent.length).toBe(1);
    expect(server.open.length).toBe(1);
    expect(server.last.body).toEqual({ feeds: Object.fromEntries(names.map((n, i) => [n, `s${i}`])), limit: 100, heartbeat: 25_000 });
    expect(hub.waiting.sort()).toEqual([...names].sort());
    waits.forEach((wait) => wait.catch(() => undefined));
  });

  it('a new registration aborts the request and re-issues it with the full set', async () => {
    void register({ collection: 'profiles', since: 'p1' });
    await settle();
    const first = server.last;
    void register({ collection: 'documents', since: 'd1' });
    await settle();
    expect(first.signal.aborted).toBeTrue();
    expect(server.sent.length).toBe(2);
    expect(server.open.length).toBe(1);
    expect(server.last.body.feeds).toEqual({ profiles: 'p1', documents: 'd1' });
  });

  it('resolves the collections that got rows, moves the others on and re-issues for them', async () => {
    const profiles = register({ collection: 'profiles', since: 'p1' });
    let documentsDone = false;
    const documents = register({ collection: 'documents', since: 'd1' }).finally(() => (documentsDone = true));
    documents.catch(() => undefined);
    await settle();
    server.last.answer({ results: { profiles: page('a:profile', 'p2') }, last_seq: { profiles: 'p2', documents: 'd7' } });
    const response = await profiles;
    expect(response.status).toBe(200);
    // Exactly the collection's own `_changes` body, as RxDB reads it.
    expect(await response.json()).toEqual(page('a:profile', 'p2'));
    await settle();
    expect(documentsDone).toBeFalse();
    expect(server.sent.length).toBe(2);
    expect(server.last.body.feeds).toEqual({ documents: 'd7' });
    // RxDB comes back with the next since of profiles: joined into the one request.
    void register({ collection: 'profiles', since: 'p2' });
    await settle();
    expect(server.open.length).toBe(1);
    expect(server.last.body.feeds).toEqual({ documents: 'd7', profiles: 'p2' });
    server.last.answer({ results: { documents: page('a:doc', 'd8') }, last_seq: { documents: 'd8', profiles: 'p2' } });
    expect((await (await documents).json()).last_seq).toBe('d8');
  });

  it('re-issues after an answer without rows (the server timeout)', async () => {
    hub = new LongpollHub({ url: URL_, fetch: server.fetch, debounceMs: 5, timeoutMs: 0 });
    void register({ collection: 'profiles', since: 'p1' });
    await settle();
    expect(server.last.body.timeout).toBe(0);
    await pause(1100); // an answer that comes at once is not a timeout: no tight loop
    server.last.answer({ results: {}, last_seq: { profiles: 'p3' } });
    await settle();
    expect(server.sent.length).toBe(2);
    expect(server.last.body.feeds).toEqual({ profiles: 'p3' });
  });

  it('turns since=now into a position once, without waiting, then longpolls from it', async () => {
    const waits = [register({ collection: 'profiles', since: 'now' }), register({ collection: 'documents', since: 'd1' })];
    await settle();
    expect(server.last.body).toEqual({ feeds: { profiles: 'now' }, timeout: 0 });
    server.last.answer({ results: {}, last_seq: { profiles: 'p5' } });
    await settle();
    expect(server.sent.length).toBe(2);
    expect(server.last.body.feeds).toEqual({ profiles: 'p5', documents: 'd1' });
    expect(server.last.body.timeout).toBeUndefined();
    waits.forEach((wait) => wait.catch(() => undefined));
  });

  it('an HTTP or network error rejects every waiting registration', async () => {
    const waits = [register({ collection: 'profiles', since: 'p1' }), register({ collection: 'documents', since: 'd1' })];
    await settle();
    server.last.answer({ error: 'unauthorized' }, 401);
    for (const wait of waits) await expectAsync(wait).toBeRejectedWithError(/HTTP 401/);
    expect(hub.waiting).toEqual([]);
    const again = register({ collection: 'profiles', since: 'p1' });
    await settle();
    server.last.fail(new TypeError('Failed to fetch'));
    await expectAsync(again).toBeRejectedWithError(TypeError);
    // A body without results (the server failed after the wait began) is an error too.
    const third = register({ collection: 'profiles', since: 'p1' });
    await settle();
    server.last.answer({ error: 'internal_server_error', reason: 'Internal server error' });
    await expectAsync(third).toBeRejected();
  });

  it('close() aborts the request, rejects every registration and refuses new ones', async () => {
    const wait = register({ collection: 'profiles', since: 'p1' });
    await settle();
    hub.close();
    expect(server.last.signal.aborted).toBeTrue();
    await expectAsync(wait).toBeRejected();
    await expectAsync(register({ collection: 'documents', since: 'd1' })).toBeRejected();
    await settle();
    expect(server.sent.length).toBe(1);
  });
});
