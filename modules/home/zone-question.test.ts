import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shouldAskZone } from './zone-question';

test('an imported patient (Moscow by default) signing in on a phone in Vladivostok is asked', () => {
  assert.equal(shouldAskZone({ stored: 'Europe/Moscow', device: 'Asia/Vladivostok', answeredFor: null }), true);
});

test('not asked: same zone, already answered for this device zone, profile not synced yet, a zone outside Russia', () => {
  assert.equal(shouldAskZone({ stored: 'Asia/Vladivostok', device: 'Asia/Vladivostok', answeredFor: null }), false);
  assert.equal(shouldAskZone({ stored: 'Europe/Moscow', device: 'Asia/Vladivostok', answeredFor: 'Asia/Vladivostok' }), false);
  assert.equal(shouldAskZone({ stored: null, device: 'Asia/Vladivostok', answeredFor: null }), false);
  assert.equal(shouldAskZone({ stored: 'Europe/Moscow', device: 'America/New_York', answeredFor: null }), false);
});

test('answered in Vladivostok, later on a trip to Kamchatka: asked again for the new zone', () => {
  assert.equal(shouldAskZone({ stored: 'Asia/Vladivostok', device: 'Asia/Kamchatka', answeredFor: 'Asia/Vladivostok' }), true);
});
