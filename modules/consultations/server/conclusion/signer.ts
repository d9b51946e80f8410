/**
 * The place for a qualified electronic signature (УКЭП, 63-FZ) of the consultant's conclusion.
 * A conclusion that is to be a legally significant medical document must be signed with the
 * doctor's qualified certificate; the keys never live in this server. A real signer calls a
 * signature service (КриптоПро DSS, or another CAdES service of an accredited CA) on the
 * doctor's behalf and returns a detached CMS/CAdES-BES (or -T) signature of the PDF's exact
 * bytes. See README.md beside this file for the flow.
 *
 * The default, UnsignedConclusions, signs nothing and says so: the conclusion is issued with
 * the signature state `unsigned` and the PDF reads «Электронная подпись (УКЭП): не подписано».
 * Nothing here pretends a signature exists.
 */

/** The person whose qualified certificate signs. */
export interface ConclusionSignerIdentity {
  /** The doctor's account id. */
  id: string;
  name: string;
}

/** What the certificate says, as recorded with the conclusion (and shown to readers). */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-1 thumbprint as CryptoPro shows it, hex. */
  thumbprint?: string;
}

export type SignatureOutcome =
  | {
      state: 'signed';
      /** Detached CMS (CAdES) signature of exactly the PDF bytes, DER. Stored as `<fileId>-sig`. */
      signature: Uint8Array;
      certificate: CertificateInfo;
      signedAt: string;
    }
  | {
      state: 'unsigned';
      /** `not_configured`: no signature service; `failed`: the service refused or was down (retry later). */
      reason: 'not_configured' | 'failed';
      detail?: string;
    };

export interface ConclusionSigner {
  /**
   * The certificate that will sign for this doctor, or null when none (then nothing is signed).
   * Asked before the PDF is rendered, so its visible signature block names the certificate.
   */
  certificateOf(signer: ConclusionSignerIdentity): Promise<CertificateInfo | null>;
  /** Signs exactly these bytes as `signer`, or says why it did not. Never throws for a refusal. */
  sign(pdf: Uint8Array, signer: ConclusionSignerIdentity): Promise<SignatureOutcome>;
}

/** No signature service configured: every conclusion stays `unsigned`. */
export class UnsignedConclusions implements ConclusionSigner {
  async certificateOf(): Promise<CertificateInfo | null> {
    return null;
  }

  async sign(): Promise<SignatureOutcome> {
    return { state: 'unsigned', reason: 'not_configured' };
  }
}

/** The line printed in the PDF's signature block. */
export function signatureLine(certificate: CertificateInfo | null): string {
  if (certificate === null) return 'Электронная подпись (УКЭП): не подписано';
  const { subject, serialNumber, notAfter } = certificate;
  return `Электронная подпись (УКЭП): ${subject}, сертификат ${serialNumber}, действителен до ${notAfter.slice(0, 10)}`;
}
