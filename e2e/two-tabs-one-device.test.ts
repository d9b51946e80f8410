/**
 * Two tabs of the app on one device, the same patient: each tab holds the person's data in its
 * own memory over one IndexedDB database (core/db/paged-storage). With the network cut, so that
 * nothing can come back through the server, an edit saved in one tab shows in the other at once,
 * and the other tab's edit of another field on top of it keeps both; back online, both edits
 * reach the server, and a reload of either tab reads both from the device.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, newContext } from './support/browser';
import { DEMO, apiSession, fieldValue, readDocs, signIn, waitForField } from './support/app';
import { eventually } from './support/eventually';
import { useStand } from './support/stand';

const stand = useStand();

test('two tabs offline: an edit saved in one shows in the other at once; both tabs’ edits are kept and reach the server', async () => {
  const context = await newContext(stand.browser, stand.server.baseUrl, DESKTOP);
  try {
    const first = await context.newPage();
    await signIn(first, DEMO.patient.phone);
    await first.goto('/profile');
    await waitForField(first, 'ФИО', DEMO.patient.name);
    // The second tab: the session remembered on this device, the same database.
    const second = await context.newPage();
    await second.goto('/profile');
    await waitForField(second, 'ФИО', DEMO.patient.name);

    await context.setOffline(true);
    await eventually(async () => (await first.getByTestId('connectivity').innerText()).includes('Нет сети'), 'offline in the first tab');

    await first.getByLabel('Регион', { exact: true }).fill('Камчатский край');
    await first.getByRole('button', { name: 'Сохранить' }).click();
    // Only through the device's own storage: the network is cut.
    await waitForField(second, 'Регион', 'Камчатский край', 15_000);

    await second.getByLabel('ФИО', { exact: true }).fill('Иванова Мария Петровна (вторая вкладка)');
    await second.getByRole('button', { name: 'Сохранить' }).click();
    await waitForField(first, 'ФИО', 'Иванова Мария Петровна (вторая вкладка)', 15_000);
    assert.equal(await fieldValue(first, 'Регион'), 'Камчатский край', 'the first tab’s edit is still there');
    assert.equal(await fieldValue(second, 'Регион'), 'Камчатский край');

    await context.setOffline(false);
    const patient = await apiSession(stand.server.baseUrl, DEMO.patient.phone);
    await eventually(
      async () => {
        const [row] = await readDocs(stand.server.baseUrl, patient.token, 'profiles', [`${patient.userId}:profile`]);
        return row?.doc?.['region'] === 'Камчатский край' && row.doc['fullName'] === 'Иванова Мария Петровна (вторая вкладка)';
      },
      'both tabs’ edits on the server',
      30_000,
    );

    await second.reload();
    await waitForField(second, 'ФИО', 'Иванова Мария Петровна (вторая вкладка)', 20_000);
    assert.equal(await fieldValue(second, 'Регион'), 'Камчатский край');
    await eventually(async () => (await first.getByTestId('sync-status').innerText()).includes('Все изменения отправлены'), 'nothing left to send in the first tab', 30_000);
  } finally {
    await context.close();
  }
});
