import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { TranslatePipe } from '@oblako/shell-kit';
import type { PreviewFile } from '../api';

/**
 * What was read from each file and sheet: the header row found, the columns recognised (and by
 * which header text), the headers ignored, or why the file or sheet could not be used.
 */
@Component({
  selector: 'ob-preview-files',
  imports: [MatIcon, TranslatePipe],
  template: `
    @for (file of files(); track file.index) {
      <section class="file" [class.file--problem]="file.problem" data-testid="preview-file">
        <header class="file__head">
          <mat-icon [svgIcon]="file.problem ? 'error' : 'description'" />
          <span class="file__name">{{ file.name }}</span>
          @if (file.format) {
            <span class="file__meta">
              {{ 'admin.import.format.' + file.format | t }}
              @if (file.encoding) { · {{ 'admin.import.encoding' | t: { encoding: file.encoding } }} }
              @if (file.delimiter) { · {{ 'admin.import.delimiter' | t: { delimiter: delimiterName(file.delimiter) } }} }
            </span>
          }
        </header>
        @if (file.problem; as problem) {
          <p class="problem" role="alert" data-testid="file-problem">
            {{ problem.message }}
            @if (problem.line && !problem.message.includes(problem.line + '')) { ({{ 'admin.import.problemLine' | t: { line: problem.line } }}) }
          </p>
        }
        @for (sheet of file.sheets; track sheet.name) {
          <div class="sheet" data-testid="preview-sheet">
            <div class="sheet__head">
              <mat-icon svgIcon="table_chart" />
              <span class="sheet__name">{{ 'admin.import.sheet' | t }} «{{ sheet.name }}»</span>
              @if (sheet.headerRow) {
                <span class="sheet__meta">{{ 'admin.import.headerRowAt' | t: { row: sheet.headerRow } }} · {{ 'admin.import.dataRows' | t: { count: sheet.dataRows } }}</span>
              }
            </div>
            @if (sheet.problem; as problem) {
              <p class="problem" data-testid="sheet-problem">{{ problem.message }}</p>
            }
            @if (sheet.columns.length > 0) {
              <div class="columns" [attr.aria-label]="'admin.import.columns' | t">
                <span class="label">{{ 'admin.import.columns' | t }}:</span>
                @for (column of sheet.columns; track column.column) {
                  <span class="chip" [title]="column.header">
                    <b>{{ column.column }}</b> {{ 'admin.field.' + column.field | t }}
                    @if (column.header !== ('admin.field.' + column.field | t)) { <span class="chip__header">«{{ column.header }}»</span> }
                  </span>
                }
              </div>
            }
            @if (sheet.ignoredHeaders.length > 0) {
              <p class="ignored">{{ 'admin.import.ignoredColumns' | t }}: {{ sheet.ignoredHeaders.join(', ') }}</p>
            }
          </div>
        }
      </section>
    }
  `,
  styles: `
    :host { display: grid; gap: 12px; }
    .file { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 12px 16px; background: var(--mat-sys-surface-container-lowest); }
    .file--problem { border-color: var(--mat-sys-error); }
    .file__head, .sheet__head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
    .file__head mat-icon { color: var(--mat-sys-primary); }
    .file--problem .file__head mat-icon { color: var(--mat-sys-error); }
    .file__name { font: var(--mat-sys-title-medium); word-break: break-all; }
    .file__meta, .sheet__meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .sheet { margin-top: 12px; padding-top: 12px; border-top: 1px solid var(--mat-sys-outline-variant); }
    .sheet__head mat-icon { width: 20px; height: 20px; color: var(--mat-sys-on-surface-variant); }
    .sheet__name { font: var(--mat-sys-title-small); }
    .columns { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 8px; }
    .label { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .chip { display: inline-flex; gap: 4px; align-items: baseline; padding: 4px 10px; border-radius: 8px; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); font: var(--mat-sys-label-large); }
    .chip__header { font: var(--mat-sys-body-small); opacity: 0.8; }
    .ignored { margin: 8px 0 0; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .problem { margin: 8px 0 0; padding: 10px 12px; border-radius: 8px; background: var(--mat-sys-error-container); color: var(--mat-sys-on-error-container); font: var(--mat-sys-body-medium); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PreviewFilesComponent {
  readonly files = input.required<readonly PreviewFile[]>();

  delimiterName(delimiter: string): string {
    return delimiter === '\t' ? 'Tab' : delimiter;
  }
}
