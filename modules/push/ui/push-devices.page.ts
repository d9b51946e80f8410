import { ChangeDetectionStrategy, Component, InjectionToken, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ApiCallError, TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { PushDevice } from '../api';
import { iosTooOld, needsHomeScreen, type DeviceFacts } from './device';
import { PushDevices } from './push-devices.service';

type Availability = 'loading' | 'server_off' | 'ios_home_screen' | 'unsupported' | 'denied' | 'ready';

/** What this browser says about itself (a function, so a spec can pose as an iPhone). */
export function browserFacts(): DeviceFacts {
  const standalone = matchMedia('(display-mode: standalone)').matches || (navigator as Navigator & { standalone?: boolean }).standalone === true;
  return { userAgent: navigator.userAgent, standalone, maxTouchPoints: navigator.maxTouchPoints };
}

/** What the page believes about the browser; a spec poses as an iPhone through it. */
export const DEVICE_FACTS = new InjectionToken<DeviceFacts>('push device facts', { providedIn: 'root', factory: browserFacts });

/**
 * «Уведомления на телефоне»: turning web push on for this device (only when the person presses
 * the button: the browser's prompt never comes on its own), the devices that receive them
 * with «Отключить», and on an iPhone in Safari the steps to add the app to the home screen.
 */
@Component({
  selector: 'ob-push-devices',
  imports: [MatButton, MatIcon, TranslatePipe],
  templateUrl: './push-devices.page.html',
  styleUrl: './push-devices.page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PushDevicesPage {
  private readonly push = inject(PushDevices);
  private readonly i18n = inject(TranslationService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly facts = inject(DEVICE_FACTS);

  readonly iosTooOld = iosTooOld(this.facts);
  readonly availability = signal<Availability>('loading');
  readonly devices = signal<PushDevice[] | undefined>(undefined);
  readonly thisDeviceId = signal<string | null>(null);
  readonly busy = signal(false);
  readonly error = signal('');
  readonly thisDeviceOn = computed(() => {
    const id = this.thisDeviceId();
    return id !== null && (this.devices() ?? []).some((device) => device.id === id);
  });

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    this.error.set('');
    try {
      const [devices, thisDeviceId] = await Promise.all([this.push.list(), this.push.currentDeviceId().catch(() => null)]);
      this.devices.set(devices);
      this.thisDeviceId.set(thisDeviceId);
    } catch (error) {
      this.devices.set([]);
      this.error.set(error instanceof ApiCallError ? error.message : String(error));
    }
    this.availability.set(this.decide());
  }

  private decide(): Availability {
    if (needsHomeScreen(this.facts)) return 'ios_home_screen';
    if (!this.push.supported) return 'unsupported';
    if (this.push.permission() === 'denied') return 'denied';
    return 'ready';
  }

  async enable(): Promise<void> {
    this.busy.set(true);
    this.error.set('');
    try {
      const device = await this.push.enable();
      this.thisDeviceId.set(device.id);
      this.snackBar.open(this.i18n.t('push.turnedOn'), undefined, { duration: 4000 });
      await this.load();
    } catch (error) {
      if (error instanceof ApiCallError && error.code === 'push_not_configured') this.availability.set('server_off');
      else if (this.push.permission() === 'denied' || /permission denied|NotAllowedError/i.test(String(error))) this.availability.set('denied');
      else this.error.set(this.i18n.t('push.failed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      this.busy.set(false);
    }
  }

  async disable(device: PushDevice): Promise<void> {
    this.busy.set(true);
    try {
      await this.push.disable(device, device.id === this.thisDeviceId());
      this.snackBar.open(this.i18n.t('push.disabled', { name: device.deviceName }), undefined, { duration: 4000 });
      await this.load();
    } catch (error) {
      this.error.set(error instanceof Error ? error.message : String(error));
    } finally {
      this.busy.set(false);
    }
  }

  disableThis(): void {
    const device = (this.devices() ?? []).find((candidate) => candidate.id === this.thisDeviceId());
    if (device) void this.disable(device);
  }

  isPhone(device: PushDevice): boolean {
    return /Android|iPhone|iPad/.test(device.deviceName);
  }

  since(device: PushDevice): string {
    const date = new Date(device.createdAt).toLocaleDateString(this.i18n.language() === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', year: 'numeric' });
    return this.i18n.t('push.since', { date });
  }
}
