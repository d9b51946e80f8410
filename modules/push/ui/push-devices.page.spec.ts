import { TestBed } from '@angular/core/testing';
import type { SessionUser } from '@oblako/domain';
import { TranslationService } from '@oblako/shell-kit';
import { settleFixture, signedInTestProviders } from '../../../pwa/src/app/kit/testing';
import type { PushDevice } from '../api';
import { PUSH_ICONS } from './icons';
import { DEVICE_FACTS, PushDevicesPage } from './push-devices.page';
import { PushDevices } from './push-devices.service';

const PATIENT: SessionUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000b1', role: 'patient', phone: '+79000000001', name: 'Иванова Анна' };
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

/** The server and the browser's push manager, as the page sees them through PushDevices. */
class FakePushDevices {
  supported = true;
  devices: PushDevice[] = [{ id: 'b'.repeat(32), deviceName: 'Safari, iPad', createdAt: '2026-11-20T10:00:00.000Z' }];
  current: string | null = null;
  enableCalls = 0;
  permission(): NotificationPermission {
    return 'default';
  }
  async list(): Promise<PushDevice[]> {
    return [...this.devices];
  }
  async currentDeviceId(): Promise<string | null> {
    return this.current;
  }
  async enable(): Promise<PushDevice> {
    this.enableCalls++;
    const device = { id: 'a'.repeat(32), deviceName: 'Chrome, Android', createdAt: '2026-12-05T10:00:00.000Z' };
    this.devices.push(device);
    this.current = device.id;
    return device;
  }
  async disable(device: PushDevice): Promise<void> {
    this.devices = this.devices.filter((candidate) => candidate.id !== device.id);
    if (device.id === this.current) this.current = null;
  }
}

async function open(userAgent: string, standalone = false) {
  const fake = new FakePushDevices();
  TestBed.configureTestingModule({
    providers: [
      ...signedInTestProviders(PATIENT, true),
      PUSH_ICONS,
      { provide: PushDevices, useValue: fake },
      { provide: DEVICE_FACTS, useValue: { userAgent, standalone, maxTouchPoints: 5 } },
    ],
  });
  TestBed.inject(TranslationService).use('ru');
  const fixture = TestBed.createComponent(PushDevicesPage);
  await settleFixture(fixture, 3, 20);
  return { fixture, fake, element: fixture.nativeElement as HTMLElement };
}

describe('PushDevicesPage («Уведомления на телефоне»)', () => {
  it('an iPhone in Safari gets the home-screen steps, not a button that cannot work', async () => {
    const { element, fake } = await open(IPHONE);
    const ios = element.querySelector('[data-testid=push-ios]');
    expect(ios?.textContent).toContain('На экран «Домой»');
    expect(ios?.textContent).toContain('iOS 16.4');
    expect(element.querySelector('[data-testid=push-enable]')).toBeNull();
    // Devices subscribed elsewhere are still listed and can be turned off here.
    expect(element.querySelectorAll('[data-testid=push-device]').length).toBe(1);
    expect(fake.enableCalls).toBe(0);
  });

  it('the same iPhone opened from the home screen offers the button', async () => {
    const { element } = await open(IPHONE, true);
    expect(element.querySelector('[data-testid=push-ios]')).toBeNull();
    expect(element.querySelector('[data-testid=push-enable]')).not.toBeNull();
  });

  it('nothing is asked until the button; then this device is listed as «это устройство» and can be turned off', async () => {
    const { fixture, element, fake } = await open(ANDROID);
    expect(fake.enableCalls).toBe(0);
    (element.querySelector('[data-testid=push-enable]') as HTMLButtonElement).click();
    await settleFixture(fixture, 4, 20);
    expect(fake.enableCalls).toBe(1);
    const devices = [...element.querySelectorAll('[data-testid=push-device]')].map((item) => item.textContent ?? '');
    expect(devices.length).toBe(2);
    expect(devices.some((text) => text.includes('Chrome, Android') && text.includes('это устройство'))).toBeTrue();
    expect(element.querySelector('[data-testid=push-this-device]')?.textContent).toContain('На этом устройстве уведомления включены');

    (element.querySelector('[data-testid=push-disable-this]') as HTMLButtonElement).click();
    await settleFixture(fixture, 4, 20);
    expect(element.querySelectorAll('[data-testid=push-device]').length).toBe(1);
    expect(element.querySelector('[data-testid=push-enable]')).not.toBeNull();
  });
});
