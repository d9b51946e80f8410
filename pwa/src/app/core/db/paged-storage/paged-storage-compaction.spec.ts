import { COMPACTED_PAGE_SIZE } from './page-file';
import { fillTheDisk } from './testing/full-disk';
import { readOnDisk } from './testing/raw-indexeddb';
import { contentsOf, pagedStorageOfNewTab, profile, tabsOfOneDatabase, type Tab } from './testing/tabs';

/**
 * Compaction: an instance whose log has grown past `compactAfter` records is rewritten as pages
 * when it opens, if no other tab has the database open (another tab reads the log by sequence).
 * Every document comes back the same, whether from pages, log or both; a compaction that cannot
 * be written (a full disk) changes nothing and does not stop the database opening.
 */
const PROFILES = 'profiles--0';
const COMPACT_AFTER = 5;

describe('paged storage: compaction', () => {
  const tabs = tabsOfOneDatabase('test-paged-compaction', () => pagedStorageOfNewTab({ compactAfter: COMPACT_AFTER }));
  const { open, close } = tabs;
  /** Log records and paged documents of the profiles instance, as on the disk. */
  const profilesOnDisk = async () => {
    const disk = await readOnDisk(tabs.name);
    return {
      logRecords: disk.log.filter((record) => record.instance === PROFILES).length,
      pagedDocs: disk.pages.filter((page) => page.key[0] === PROFILES).flatMap((page) => page.docs.map((doc) => doc['id'])),
    };
  };
  /** One log record per write: inserts, edits and deletions of the profiles. */
  const writeOneByOne = async (tab: Tab, from: number, count: number) => {
    for (let n = from; n < from + count; n++) await tab.profiles.insert(profile(`p${n}`, `Пациент ${n}`));
    await (await tab.profiles.findOne(`p${from}:profile`).exec())!.incrementalPatch({ fullName: `Изменён ${from}` });
    await (await tab.profiles.findOne(`p${from + 1}:profile`).exec())!.incrementalRemove();
  };

  it('rewrites a long log as pages on open, every document intact, and reads pages and later log records together', async () => {
    let tab = await open();
    await writeOneByOne(tab, 0, 10);
    const written = await contentsOf(tab.profiles);
    await close(tab);
    expect((await profilesOnDisk()).logRecords).toBeGreaterThan(COMPACT_AFTER);

    tab = await open();
    expect(await contentsOf(tab.profiles)).toEqual(written);
    const compacted = await profilesOnDisk();
    expect(compacted.logRecords).toBe(0);
    // Every document, the deleted one too (replication needs deletions), in the pages.
    expect(compacted.pagedDocs.sort()).toEqual(Array.from({ length: 10 }, (_, n) => `p${n}:profile`).sort());

    // Edits of paged documents land in the log; a reopen reads the pages, then the log.
    await (await tab.profiles.findOne('p2:profile').exec())!.incrementalPatch({ fullName: 'После сжатия' });
    await (await tab.profiles.findOne('p3:profile').exec())!.incrementalRemove();
    await tab.profiles.insert(profile('p10', 'Новый'));
    const later = await contentsOf(tab.profiles);
    await close(tab);
    expect((await profilesOnDisk()).logRecords).toBe(3);

    tab = await open();
    expect(await contentsOf(tab.profiles)).toEqual(later);
  });

  it('spreads a large instance over pages of COMPACTED_PAGE_SIZE documents and reads them all back', async () => {
    const count = 2 * COMPACTED_PAGE_SIZE + 500;
    let tab = await open(pagedStorageOfNewTab({ compactAfter: 1 }));
    const all = Array.from({ length: count }, (_, n) => profile(`p${String(n).padStart(5, '0')}`, `Пациент ${n}`));
    await tab.profiles.bulkInsert(all.slice(0, 1200));
    await tab.profiles.bulkInsert(all.slice(1200));
    const written = await contentsOf(tab.profiles);
    await close(tab);

    tab = await open(pagedStorageOfNewTab({ compactAfter: 1 }));
    const disk = await readOnDisk(tabs.name);
    expect(disk.log.filter((record) => record.instance === PROFILES).length).toBe(0);
    expect(disk.pages.filter((page) => page.key[0] === PROFILES).map((page) => [page.key[1], page.docs.length])).toEqual([
      [0, COMPACTED_PAGE_SIZE],
      [1, COMPACTED_PAGE_SIZE],
      [2, 500],
    ]);
    expect(await contentsOf(tab.profiles)).toEqual(written);
    await close(tab);

    tab = await open(pagedStorageOfNewTab({ compactAfter: 1 }));
    expect(await contentsOf(tab.profiles)).toEqual(written);
  });

  it('does not compact while another tab has the database open, and does once it has closed', async () => {
    const other = await open();
    let tab = await open();
    await writeOneByOne(tab, 0, 10);
    const written = await contentsOf(tab.profiles);
    await close(tab);
    const before = await profilesOnDisk();
    expect(before.logRecords).toBeGreaterThan(COMPACT_AFTER);

    tab = await open();
    expect(await contentsOf(tab.profiles)).toEqual(written);
    expect(await profilesOnDisk()).toEqual(before);
    await close(tab);

    await close(other);
    tab = await open();
    expect(await contentsOf(tab.profiles)).toEqual(written);
    expect((await profilesOnDisk()).logRecords).toBe(0);
  });

  it('keeps every document, and opens, when the compaction meets a full disk', async () => {
    let tab = await open();
    await writeOneByOne(tab, 0, 10);
    await close(tab);
    tab = await open(); // compacted: the documents are in pages now
    await writeOneByOne(tab, 10, 10);
    await (await tab.profiles.findOne('p4:profile').exec())!.incrementalPatch({ fullName: 'Из страницы, изменён' });
    const written = await contentsOf(tab.profiles);
    await close(tab);
    const before = await profilesOnDisk();

    const giveRoomBack = fillTheDisk();
    try {
      tab = await open();
      expect(await contentsOf(tab.profiles)).toEqual(written);
      await close(tab);
    } finally {
      giveRoomBack();
    }
    expect(await profilesOnDisk()).toEqual(before);

    tab = await open();
    expect(await contentsOf(tab.profiles)).toEqual(written);
    expect((await profilesOnDisk()).logRecords).toBe(0);
  });
});
