import type { ConclusionRequest } from '../../api';
import type { CertificateInfo } from './signer';

/** Server-only store database (never replicated): the structured conclusions, for signing later. */
export const CONCLUSIONS_DB = 'conclusions';

/**
 * One issued conclusion, id = the consultation id. Kept with the fields as the doctor wrote them,
 * who issued it and when, the PDF it became and its signature state, so a signature service
 * configured later can sign exactly the stored bytes (their sha-256 is here) and a reader can
 * check which document the signature belongs to.
 */
export interface StoredConclusion {
  _id: string;
  _rev?: string;
  consultationId: string;
  patientId: string;
  documentId: string;
  fileId: string;
  /** sha-256 of the PDF as stored (and as signed, once signed). */
  sha256: string;
  size: number;
  fields: ConclusionRequest;
  specialty: string;
  issuedBy: { id: string; name: string };
  issuedAt: string;
  /** `issuing`: the PDF is stored, the consultation's step not yet written; `issued`: done. */
  status: 'issuing' | 'issued';
  signature:
    | { state: 'unsigned'; reason: 'not_configured' | 'failed'; detail?: string }
    | { state: 'signed'; signedAt: string; certificate: CertificateInfo; signatureKey: string };
}

export async function readConclusion(db: PouchDB.Database, consultationId: string): Promise<StoredConclusion | null> {
  try {
    return (await db.get(consultationId)) as unknown as StoredConclusion;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
}

/** Writes the record over whatever is stored under its id (callers run one issue per consultation at a time). */
export async function writeConclusion(db: PouchDB.Database, record: Omit<StoredConclusion, '_rev'>): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const existing = await readConclusion(db, record._id);
    try {
      await db.put({ ...record, ...(existing?._rev ? { _rev: existing._rev } : {}) });
      return;
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error;
    }
  }
  throw new Error(`Could not write the conclusion ${record._id}: it kept changing`);
}
