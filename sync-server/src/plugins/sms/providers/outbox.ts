import type { SmsProvider } from '../types';

/**
 * The default: nothing leaves the machine. "Sending" is marking the stored message sent in the
 * same write the queue does anyway, so it happens exactly once; managers read the texts in «SMS».
 */
export function createOutboxProvider(): SmsProvider {
  return {
    name: 'outbox',
    async send(message) {
      return { ok: true, providerMessageId: message.id };
    },
    async lookup() {
      return 'not_found';
    },
  };
}
