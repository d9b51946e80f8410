import type { CollectionDefinition } from '@oblako/domain';
import { DOCUMENT_MIGRATIONS, documentSchema } from '../../../modules/documents/schema';
import { DOCUMENT_DEVICE_FIELDS } from '../../../modules/documents/list-key';

/**
 * The app's `documents` collection as the device stores it (modules/documents DOCUMENTS_COLLECTION:
 * the same schema, migrations and device-only fields). Assembled from the module's parts because
 * its index.ts also names its server plugin by `import.meta.url`, which a bench page script lacks.
 */
export const DOCUMENTS_ON_DEVICE: CollectionDefinition = {
  name: 'documents',
  schema: documentSchema,
  migrations: DOCUMENT_MIGRATIONS,
  deviceFields: DOCUMENT_DEVICE_FIELDS,
  partitionField: 'patientId',
  access: { read: {}, write: {} },
};
