import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regionFromText } from '@oblako/domain';
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

test('imported with a region from the referral: the profile starts in that zone, so a device there is not asked, one elsewhere is', () => {
  const stored = regionFromText('Приморский край')!.timeZone;
  assert.equal(stored, 'Asia/Vladivostok');
  assert.equal(shouldAskZone({ stored, device: 'Asia/Vladivostok', answeredFor: null }), false);
  assert.equal(shouldAskZone({ stored, device: 'Europe/Moscow', answeredFor: null }), true);
});
