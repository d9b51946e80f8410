import { ChangeDetectionStrategy, Component, input, output, signal } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { TranslatePipe } from '@oblako/shell-kit';
import { ACCEPTED_EXTENSIONS } from './files';

/**
 * Where the manager drops the tables from the e-mail (or clicks to choose them). A `<label>`
 * around the file input: the keyboard and screen readers get the native picker.
 */
@Component({
  selector: 'ob-file-drop',
  imports: [MatIcon, TranslatePipe],
  template: `
    <label class="drop" [class.drop--over]="over()" [class.drop--disabled]="disabled()"
      (dragenter)="onDrag($event, true)" (dragover)="onDrag($event, true)" (dragleave)="over.set(false)" (drop)="onDrop($event)"
      data-testid="file-drop">
      <input type="file" multiple [accept]="accept" [disabled]="disabled()" (change)="onPicked($event)" data-testid="file-input" />
      <mat-icon svgIcon="upload_file" class="drop__icon" />
      <span class="drop__text">{{ (touch ? 'admin.import.pick' : 'admin.import.drop') | t }}</span>
      <span class="drop__limits">{{ 'admin.import.limits' | t }}</span>
    </label>
  `,
  styles: `
    .drop { position: relative; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 8px; min-height: 160px; padding: 24px 16px; box-sizing: border-box;
      border: 2px dashed var(--mat-sys-outline); border-radius: 16px; background: var(--mat-sys-surface-container-low); text-align: center; cursor: pointer; transition: background 120ms, border-color 120ms; }
    .drop:hover, .drop:focus-within { border-color: var(--mat-sys-primary); }
    .drop--over { border-color: var(--mat-sys-primary); background: var(--mat-sys-primary-container); }
    .drop--disabled { opacity: 0.6; cursor: progress; }
    input { position: absolute; width: 1px; height: 1px; opacity: 0; }
    .drop__icon { width: 40px; height: 40px; color: var(--mat-sys-primary); }
    .drop__text { font: var(--mat-sys-title-medium); max-width: 520px; }
    .drop__limits { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FileDropComponent {
  readonly disabled = input(false);
  readonly filesChosen = output<File[]>();
  readonly over = signal(false);
  readonly accept = ACCEPTED_EXTENSIONS.join(',');
  /** A finger cannot drag files from the mail: phones and tablets are only offered the picker. */
  readonly touch = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;

  onDrag(event: DragEvent, over: boolean): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = this.disabled() ? 'none' : 'copy';
    this.over.set(over && !this.disabled());
  }

  onDrop(event: DragEvent): void {
    event.preventDefault();
    this.over.set(false);
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0 && !this.disabled()) this.filesChosen.emit(files);
  }

  onPicked(event: Event): void {
    const element = event.target as HTMLInputElement;
    const files = [...(element.files ?? [])];
    // The same file chosen again must fire `change` again.
    element.value = '';
    if (files.length > 0) this.filesChosen.emit(files);
  }
}
