import { normalizePhone } from '@oblako/domain';
import type { ModuleServerPlugin } from '@oblako/server-kit';
import { HOME_API, type SupportContacts } from '../api';

const contactsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: { phone: { type: 'string' }, email: { type: 'string' } },
} as const;

/** The support contacts of this deployment (SUPPORT_PHONE, SUPPORT_EMAIL) for signed-in people. */
const homeServerPlugin: ModuleServerPlugin = async (app) => {
  const phone = app.config.supportPhone ? normalizePhone(app.config.supportPhone) ?? undefined : undefined;
  if (app.config.supportPhone && !phone) app.log.warn({ supportPhone: app.config.supportPhone }, 'SUPPORT_PHONE is not a phone number; not shown');
  const contacts: SupportContacts = {
    ...(phone ? { phone } : {}),
    ...(app.config.supportEmail ? { email: app.config.supportEmail } : {}),
  };
  app.get(HOME_API.support, {
    preHandler: app.authenticate,
    // No query string or body: a query string would be refused, not ignored.
    schema: { querystring: { type: 'object', additionalProperties: false, properties: {} }, response: { 200: contactsSchema } },
  }, async () => contacts);
};

export default homeServerPlugin;
