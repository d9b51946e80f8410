import { inject } from '@angular/core';
import { OfflineFiles } from './offline-files.service';
import { UploadQueue } from './upload-queue.service';

/**
 * What the documents module does whichever page is open (ModuleUi.loadBackground): a patient's
 * queued files resume sending by themselves, a doctor's device keeps their patients' files.
 */
export function startDocumentsBackground(): void {
  inject(UploadQueue).start();
  inject(OfflineFiles).start();
}
