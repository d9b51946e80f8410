import type { Config } from '../../../config/index';
import type { SmsProvider } from '../types';
import { createOutboxProvider } from './outbox';
import { createSmsRuProvider } from './smsru';
import { createSmscProvider } from './smsc';

/** The provider the configuration names (its credentials were checked by loadConfig). */
export function createProvider(config: Config): SmsProvider {
  switch (config.smsProvider) {
    case 'smsru':
      return createSmsRuProvider({ apiId: config.smsRuApiId ?? '', baseUrl: config.smsApiUrl, sender: config.smsSender, test: config.smsTest });
    case 'smsc':
      return createSmscProvider({
        login: config.smscLogin, password: config.smscPassword, apiKey: config.smscApiKey,
        baseUrl: config.smsApiUrl, sender: config.smsSender, test: config.smsTest,
      });
    default:
      return createOutboxProvider();
  }
}
