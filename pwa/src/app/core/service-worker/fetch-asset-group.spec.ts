import { firstSyncBegins } from '../replication/first-sync-activity';
import { PREFETCHED_KEY_PREFIX, fetchAssetGroup } from './fetch-asset-group';

/** The prefetch of the app's files waits while a first sync stores the person's records. */
describe('fetchAssetGroup while a first sync runs', () => {
  const group = 'spec-group';
  // Never cached in this page's Cache Storage: each is asked for.
  const files = [`/spec-prefetch-${Date.now()}-a.js`, `/spec-prefetch-${Date.now()}-b.js`];
  let asked: string[];

  beforeEach(() => {
    asked = [];
    localStorage.removeItem(PREFETCHED_KEY_PREFIX + group);
    spyOn(window, 'fetch').and.callFake(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.startsWith('/ngsw.json')) return new Response(JSON.stringify({ assetGroups: [{ name: group, urls: files }], hashTable: {} }));
      asked.push(url);
      return new Response('// js');
    });
  });
  afterEach(() => localStorage.removeItem(PREFETCHED_KEY_PREFIX + group));

  it('asks for no file until the first sync has stopped, then for all of them', async () => {
    const firstSyncEnds = firstSyncBegins();
    const prefetch = fetchAssetGroup(group, () => false);
    // The manifest is read; a file would be asked for right after: give it every chance to.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).withContext('files asked for while the first sync runs').toEqual([]);
    firstSyncEnds();
    await prefetch;
    expect(asked).toEqual(files);
    expect(localStorage.getItem(PREFETCHED_KEY_PREFIX + group)).withContext('the group is recorded as fetched whole').not.toBeNull();
  });

  it('goes straight on when no first sync runs', async () => {
    await fetchAssetGroup(group, () => false);
    expect(asked).toEqual(files);
  });
});
