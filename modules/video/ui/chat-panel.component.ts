import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatIconButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { TranslatePipe } from '@oblako/shell-kit';
import type { ChatMessage } from './video-provider';

/** A piece of a chat message: text, or a link (http/https only) opened in a new tab. */
export type ChatPart = { text: string } | { link: string };

const LINK = /\bhttps?:\/\/[^\s<>"']+/g;

export function chatParts(text: string): ChatPart[] {
  const parts: ChatPart[] = [];
  let last = 0;
  for (const match of text.matchAll(LINK)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ link: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The call's text chat: drug names spelled out, links that open. Nothing is kept after the call. */
@Component({
  selector: 'ob-chat-panel',
  imports: [FormsModule, MatFormField, MatIcon, MatIconButton, MatInput, MatLabel, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="chat" data-testid="chat">
      <ol class="messages" aria-live="polite">
        @for (message of messages(); track $index) {
          <li [class.mine]="message.mine" data-testid="chat-message">
            @for (part of parts(message.text); track $index) {
              @if ('link' in part) {<a [href]="part.link" target="_blank" rel="noopener noreferrer">{{ part.link }}</a>} @else {{{ part.text }}}
            }
          </li>
        } @empty {
          <li class="empty">{{ 'video.chat.empty' | t }}</li>
        }
      </ol>
      <form class="compose" (ngSubmit)="submit()">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>{{ 'video.chat.placeholder' | t }}</mat-label>
          <input matInput name="text" [(ngModel)]="draft" maxlength="2000" autocomplete="off" data-testid="chat-input" />
        </mat-form-field>
        <button mat-icon-button type="submit" [attr.aria-label]="'video.chat.send' | t" data-testid="chat-send"><mat-icon svgIcon="send" /></button>
      </form>
    </div>
  `,
  styles: `
    .chat { display: grid; grid-template-rows: 1fr auto; gap: 8px; height: 100%; min-height: 200px; }
    .messages { list-style: none; margin: 0; padding: 0; overflow-y: auto; display: flex; flex-direction: column; gap: 6px; }
    li { max-width: 85%; padding: 6px 10px; border-radius: 12px; background: var(--mat-sys-surface-container-high); overflow-wrap: anywhere; }
    li.mine { align-self: flex-end; background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    li.empty { background: none; color: var(--mat-sys-on-surface-variant); max-width: none; }
    .compose { display: flex; gap: 4px; align-items: center; }
    .compose mat-form-field { flex: 1; }
  `,
})
export class ChatPanelComponent {
  readonly messages = input.required<readonly ChatMessage[]>();
  readonly send = output<string>();
  draft = '';

  parts(text: string): ChatPart[] {
    return chatParts(text);
  }

  submit(): void {
    const text = this.draft.trim();
    if (!text) return;
    this.send.emit(text);
    this.draft = '';
  }
}
