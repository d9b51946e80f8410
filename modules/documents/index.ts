import type { CollectionDefinition, ModuleDefinition } from '@oblako/domain';
import { DOCUMENT_MIGRATIONS, documentFileSchema, documentSchema } from './schema';
import { checkDocumentChange, PATIENT_FIELDS, REVIEW_FIELDS, validateDocument } from './rules';
import { documentsTranslations } from './i18n';
import { DOCUMENT_DEVICE_FIELDS } from './list-key';

export * from './schema';
export * from './api';
export { checkDocumentChange, validateDocument, PATIENT_FIELDS, REVIEW_FIELDS, FROZEN_AFTER_REVIEW } from './rules';
export { documentsTranslations } from './i18n';
export { LIST_KEY_FIELD, listKey } from './list-key';

/**
 * Medical documents are special-category data (152-FZ): the patient and the doctors assigned to
 * them may read them. Managers arrange consultations from what is missing (the stages list says
 * it) and admins run accounts: neither reads medical documents (least privilege).
 */
const MEDICAL_READERS = { patient: 'own', doctor: 'assigned' } as const;

/**
 * `documents`: what the patient says a document is (type, date, note, the files as declared).
 * The patient writes their own; an assigned doctor may only mark one reviewed; the patient may
 * delete one only while no doctor has reviewed it.
 */
export const DOCUMENTS_COLLECTION: CollectionDefinition = {
  name: 'documents',
  schema: documentSchema,
  migrations: DOCUMENT_MIGRATIONS,
  // The doctor's list order as an index on the device (list-key.ts); never sent to the server.
  deviceFields: DOCUMENT_DEVICE_FIELDS,
  partitionField: 'patientId',
  access: {
    read: MEDICAL_READERS,
    write: { patient: 'own', doctor: 'assigned' },
    delete: { patient: 'own' },
  },
  immutableFields: ['patientId', 'createdAt'],
  fieldWriters: {
    ...Object.fromEntries(PATIENT_FIELDS.map((field) => [field, ['patient'] as const])),
    ...Object.fromEntries(REVIEW_FIELDS.map((field) => [field, ['doctor'] as const])),
  },
  validate: (doc) => validateDocument(doc),
  checkChange: checkDocumentChange,
};

/**
 * `document_files`: the server's verdict on each file's bytes (uploaded / rejected). Written only
 * by the server, so it never edits a document the patient wrote (RxDB would see a conflict), and
 * upload progress stays on the device that uploads.
 */
export const DOCUMENT_FILES_COLLECTION: CollectionDefinition = {
  name: 'document_files',
  schema: documentFileSchema,
  partitionField: 'patientId',
  access: { read: MEDICAL_READERS, write: {} },
};

/**
 * The documents module: typed medical documents with resumable file uploads (tus), verified
 * downloads, audited staff reads. Pages and the background work (the patient's upload queue,
 * the doctor's offline copies) come from modules/documents/ui/.
 */
export const documentsModule: ModuleDefinition = {
  id: 'documents',
  collections: [DOCUMENTS_COLLECTION, DOCUMENT_FILES_COLLECTION],
  ui: {
    path: 'documents',
    roles: ['patient', 'doctor'],
    loadRoutes: () => import('./ui/routes').then((m) => m.DOCUMENTS_ROUTES),
    loadBackground: () => import('./ui/background').then((m) => m.startDocumentsBackground),
  },
  nav: [
    { path: '/documents', labelKey: 'documents.nav', icon: 'folder_open', roles: ['patient'], order: 20 },
    { path: '/documents/patients', labelKey: 'documents.nav', icon: 'folder_open', roles: ['doctor'], order: 20 },
  ],
  serverPlugin: new URL('./server/plugin.ts', import.meta.url),
  i18n: documentsTranslations,
};
