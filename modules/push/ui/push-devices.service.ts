import { Injectable, inject } from '@angular/core';
import { SwPush } from '@angular/service-worker';
import { ApiClient, TranslationService } from '@oblako/shell-kit';
import { PUSH_API, type PushDevice, type SubscribeRequest } from '../api';
import { deviceIdOf, deviceName } from './device';

/** Subscribing this device (Angular's SwPush, the ngsw registration) and the account's devices on the server. */
@Injectable({ providedIn: 'root' })
export class PushDevices {
  private readonly api = inject(ApiClient);
  private readonly swPush = inject(SwPush);
  private readonly i18n = inject(TranslationService);

  /** Whether this browser can receive web push at all (service worker + PushManager). */
  get supported(): boolean {
    return this.swPush.isEnabled && typeof window !== 'undefined' && 'PushManager' in window && 'Notification' in window;
  }

  permission(): NotificationPermission | 'unsupported' {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  list(): Promise<PushDevice[]> {
    return this.api.get<PushDevice[]>(PUSH_API.subscriptions);
  }

  /** The server's id of this device's current subscription, or null when it has none. */
  async currentDeviceId(): Promise<string | null> {
    if (!this.swPush.isEnabled) return null;
    const registration = await navigator.serviceWorker.getRegistration();
    const subscription = await registration?.pushManager.getSubscription();
    return subscription ? deviceIdOf(subscription.endpoint) : null;
  }

  /**
   * Asks the browser (its own permission prompt: only ever after the person pressed the
   * button) and registers the subscription with the server.
   */
  async enable(): Promise<PushDevice> {
    const { publicKey } = await this.api.get<{ publicKey: string }>(PUSH_API.vapidKey);
    const subscription = await this.swPush.requestSubscription({ serverPublicKey: publicKey });
    const json = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
    const body: SubscribeRequest = {
      endpoint: json.endpoint,
      keys: { p256dh: json.keys.p256dh, auth: json.keys.auth },
      deviceName: deviceName(navigator.userAgent),
      language: this.i18n.language() === 'en' ? 'en' : 'ru',
    };
    return this.api.post<PushDevice>(PUSH_API.subscriptions, body);
  }

  /** Turns a device off on the server; this device also drops its browser subscription. */
  async disable(device: PushDevice, isThisDevice: boolean): Promise<void> {
    await this.api.delete(PUSH_API.subscription.replace(':id', device.id));
    if (isThisDevice) await this.swPush.unsubscribe().catch(() => undefined);
  }
}
