import type { CollectionDefinition, ModuleDefinition } from '@oblako/domain';

/**
 * A collection a patient fills over time (so "the whole history" means many documents), for
 * tests of the replication itself: the patient writes their own, an assigned doctor reads them.
 */
export const diary: CollectionDefinition = {
  name: 'diary',
  schema: {
    version: 0,
    primaryKey: 'id',
    type: 'object',
    properties: { id: { type: 'string' }, patientId: { type: 'string' }, text: { type: 'string' } },
    required: ['id', 'patientId', 'text'],
  },
  partitionField: 'patientId',
  access: { read: { patient: 'own', doctor: 'assigned', manager: 'all' }, write: { patient: 'own' } },
};

export const diaryModule: ModuleDefinition = { id: 'test-diary', collections: [diary] };
