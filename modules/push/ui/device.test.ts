import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deviceIdOf, deviceName, iosTooOld, needsHomeScreen } from './device';

const IPHONE_17 = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const IPHONE_15 = 'Mozilla/5.0 (iPhone; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6 Mobile/15E148 Safari/604.1';
const IPAD_DESKTOP_MODE = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';
const YANDEX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 YaBrowser/24.12.0.0 Safari/537.36';

describe('which device is this', () => {
  it('an iPhone in Safari needs the home screen; the same iPhone opened from the home screen does not', () => {
    assert.equal(needsHomeScreen({ userAgent: IPHONE_17, standalone: false, maxTouchPoints: 5 }), true);
    assert.equal(needsHomeScreen({ userAgent: IPHONE_17, standalone: true, maxTouchPoints: 5 }), false);
  });
  it('an iPad posing as a Mac (touch screen) counts as iOS; a real Mac does not', () => {
    assert.equal(needsHomeScreen({ userAgent: IPAD_DESKTOP_MODE, standalone: false, maxTouchPoints: 5 }), true);
    assert.equal(needsHomeScreen({ userAgent: IPAD_DESKTOP_MODE, standalone: false, maxTouchPoints: 0 }), false);
  });
  it('Android never needs the explanation', () => {
    assert.equal(needsHomeScreen({ userAgent: ANDROID, standalone: false, maxTouchPoints: 5 }), false);
  });
  it('iOS before 16.4 cannot receive web push at all', () => {
    assert.equal(iosTooOld({ userAgent: IPHONE_15, standalone: false, maxTouchPoints: 5 }), true);
    assert.equal(iosTooOld({ userAgent: IPHONE_17, standalone: false, maxTouchPoints: 5 }), false);
  });
  it('names devices so a person can tell them apart', () => {
    assert.equal(deviceName(ANDROID), 'Chrome, Android');
    assert.equal(deviceName(IPHONE_17), 'Safari, iPhone');
    assert.equal(deviceName(YANDEX), 'Яндекс Браузер, Windows');
  });
  it('the device id is the server’s: sha-256 of the endpoint, 32 hex digits', async () => {
    const endpoint = 'https://fcm.googleapis.com/fcm/send/abc';
    assert.equal(await deviceIdOf(endpoint), createHash('sha256').update(endpoint).digest('hex').slice(0, 32));
  });
});
