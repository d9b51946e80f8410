import type { DownloadedFile } from '@oblako/shell-kit';
import { IMPORT_LIMITS, type UploadedFile } from '../api';

/** The readers the server has; anything else is sent anyway and answered with a clear problem. */
export const ACCEPTED_EXTENSIONS = ['.xlsx', '.xls', '.csv'] as const;

/** The file's bytes as base64 (what PreviewRequest carries), without the data-URL prefix. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export async function toUploadedFiles(files: readonly File[], onRead: (done: number) => void): Promise<UploadedFile[]> {
  const uploaded: UploadedFile[] = [];
  for (const file of files) {
    uploaded.push({ name: file.name, contentBase64: await readAsBase64(file) });
    onRead(uploaded.length);
  }
  return uploaded;
}

/** Checks the browser can make before sending: a file too large would only waste the upload. */
export function tooLarge(file: File): boolean {
  return file.size > IMPORT_LIMITS.maxFileBytes;
}

/** «1,2 МБ»: sizes as people read them. */
export function formatSize(bytes: number, language: string): string {
  const units = language === 'en' ? ['B', 'KB', 'MB'] : ['Б', 'КБ', 'МБ'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toLocaleString(language === 'en' ? 'en-GB' : 'ru-RU', { maximumFractionDigits: digits })} ${units[unit]}`;
}

/** Saves a downloaded file the way a link with `download` would. */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Date and time in the viewer's zone: «26.11.2026, 14:05». */
export function formatDateTime(iso: string | undefined, language: string): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short', timeStyle: 'short' }).format(new Date(time));
}

/** `1985-04-12` → «12.04.1985» (how the tables write it). */
export function formatBirthDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : value;
}
