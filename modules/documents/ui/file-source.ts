import { Injectable, inject } from '@angular/core';
import type { DocumentFileRecord } from '../index';
import { OfflineFiles } from './offline-files.service';
import { UploadQueue } from './upload-queue.service';

export type OpenableFile = Pick<DocumentFileRecord, 'fileId' | 'name' | 'size' | 'mime' | 'sha256'>;

/** Where the viewers get a file's bytes: the upload queue's copy, the offline copy, the server. */
@Injectable({ providedIn: 'root' })
export class FileSource {
  private readonly queue = inject(UploadQueue);
  private readonly offline = inject(OfflineFiles);

  async blob(patientId: string, file: OpenableFile): Promise<Blob> {
    return (await this.queue.localBlob(file.fileId)) ?? this.offline.read(patientId, file);
  }
}
