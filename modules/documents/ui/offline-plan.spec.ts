import type { DocumentFileRecord, MedicalDocument } from '../index';
import { planOfflineFiles, wantedFiles } from './offline-plan';

const MB = 1024 * 1024;

function doc(id: string, patientId: string, date: string, fileIds: string[], reviewed = false): MedicalDocument {
  return {
    id: `${patientId}:${id}`,
    patientId,
    type: 'mri',
    date,
    note: '',
    files: fileIds.map((fileId) => ({ fileId, name: `${fileId}.dcm`, size: 1, mime: '', sha256: fileId.padEnd(64, '0') })),
    createdAt: `${date}T10:00:00.000Z`,
    updatedAt: `${date}T10:00:00.000Z`,
    ...(reviewed ? { reviewedAt: `${date}T12:00:00.000Z`, reviewedBy: 'doctor-1' } : {}),
  };
}

function record(patientId: string, fileId: string, size: number, status: 'uploaded' | 'rejected' = 'uploaded'): DocumentFileRecord {
  return { id: `${patientId}:${fileId}`, patientId, documentId: `${patientId}:x`, fileId, status, name: fileId, size, checkedAt: '2026-01-01T00:00:00.000Z' };
}

describe('the doctor’s offline files', () => {
  describe('wantedFiles', () => {
    it('puts documents to review first, then the newest; only verified files their document lists', () => {
      const documents = [
        doc('old', 'patient-1', '2026-01-10', ['f-old']),
        doc('reviewed', 'patient-1', '2026-03-01', ['f-reviewed'], true),
        doc('new', 'patient-2', '2026-02-01', ['f-new', 'f-rejected', 'f-unlisted-record-missing']),
        doc('own', 'doctor-1', '2026-04-01', ['f-own']),
      ];
      const records = [
        record('patient-1', 'f-old', 10),
        record('patient-1', 'f-reviewed', 20),
        record('patient-2', 'f-new', 30),
        record('patient-2', 'f-rejected', 40, 'rejected'),
        record('patient-2', 'f-not-in-any-document', 50),
        record('doctor-1', 'f-own', 60),
      ];
      expect(wantedFiles(documents, records, 'doctor-1')).toEqual([
        { key: 'patient-2/f-new', size: 30 },
        { key: 'patient-1/f-old', size: 10 },
        { key: 'patient-1/f-reviewed', size: 20 },
      ]);
      // A patient's device (no own partition to leave out): their own files, newest first.
      expect(wantedFiles([doc('mine', 'patient-1', '2026-05-01', ['f-mine']), doc('old', 'patient-1', '2026-01-10', ['f-old'])], records.concat(record('patient-1', 'f-mine', 5)), null)).toEqual([
        { key: 'patient-1/f-mine', size: 5 },
        { key: 'patient-1/f-old', size: 10 },
      ]);
    });
  });

  describe('planOfflineFiles', () => {
    const wanted = [
      { key: 'p/a', size: 300 * MB },
      { key: 'p/b', size: 150 * MB },
      { key: 'p/c', size: 100 * MB },
      { key: 'p/d', size: 40 * MB },
    ];

    it('downloads the most useful files that fit under the cap, skipping one too big for what is left', () => {
      const plan = planOfflineFiles(wanted, new Map(), 500 * MB);
      expect(plan.fetch.map((f) => f.key)).toEqual(['p/a', 'p/b', 'p/d']);
      expect(plan.doesNotFit).toBe(1);
      expect(plan.plannedBytes).toBe(490 * MB);
      expect(plan.evict).toEqual([]);
    });

    it('keeps what is already on the device and downloads only the rest', () => {
      const plan = planOfflineFiles(wanted, new Map([['p/a', 300 * MB]]), 1024 * MB);
      expect(plan.keep).toEqual(['p/a']);
      expect(plan.fetch.map((f) => f.key)).toEqual(['p/b', 'p/c', 'p/d']);
      expect(plan.doesNotFit).toBe(0);
    });

    it('a lower cap deletes the least useful files first', () => {
      const cached = new Map(wanted.map((f) => [f.key, f.size] as const));
      const plan = planOfflineFiles(wanted, cached, 200 * MB);
      expect(plan.keep).toEqual(['p/b', 'p/d']);
      expect(plan.evict).toEqual(['p/a', 'p/c']);
      expect(plan.plannedBytes).toBe(190 * MB);
    });

    it('deletes files no longer visible (a revoked assignment, a deleted document)', () => {
      const plan = planOfflineFiles([{ key: 'p/a', size: 1 }], new Map([['p/a', 1], ['gone/x', 5]]), 100);
      expect(plan.evict).toEqual(['gone/x']);
      expect(plan.keep).toEqual(['p/a']);
    });

    it('a cap of zero keeps nothing', () => {
      const plan = planOfflineFiles(wanted, new Map([['p/d', 40 * MB]]), 0);
      expect(plan.fetch).toEqual([]);
      expect(plan.evict).toEqual(['p/d']);
      expect(plan.doesNotFit).toBe(4);
    });
  });
});
