import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, computed, effect, inject, input, output, signal, viewChild } from '@angular/core';
import { MatButton, MatFabButton, MatMiniFabButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { TranslatePipe, TranslationService } from '@oblako/shell-kit';
import type { CallRole } from '../join-window';
import { ChatPanelComponent } from './chat-panel.component';
import { cameraTrack, stopStream, type Facing } from './media';
import type { VideoProvider } from './video-provider';

/**
 * The 1:1 call: the other side's video large, one's own small, mute, camera, switch camera
 * (phones), screen sharing (doctor), chat, the quality indicator, «Восстанавливаем связь…»
 * while the link is rebuilt, and the doctor's patient documents beside the call.
 */
@Component({
  selector: 'ob-call-view',
  imports: [ChatPanelComponent, MatButton, MatFabButton, MatIcon, MatMiniFabButton, MatTooltip, TranslatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './call-view.component.html',
  styleUrl: './call-view.component.css',
})
export class CallViewComponent {
  readonly provider = input.required<VideoProvider>();
  readonly local = input.required<MediaStream>();
  readonly role = input.required<CallRole>();
  readonly patientId = input.required<string>();
  readonly leave = output<void>();
  readonly end = output<void>();

  private readonly i18n = inject(TranslationService);
  private readonly remoteVideo = viewChild<ElementRef<HTMLVideoElement>>('remote');
  private readonly localVideo = viewChild<ElementRef<HTMLVideoElement>>('self');
  private readonly jitsiFrame = viewChild<ElementRef<HTMLElement>>('jitsi');
  readonly muted = signal(false);
  readonly cameraOff = signal(false);
  readonly sharing = signal(false);
  readonly chatOpen = signal(false);
  readonly unread = signal(0);
  readonly hasCamera = computed(() => this.local().getVideoTracks().length > 0);
  readonly canSwitchCamera = /Android|iPhone|iPad/.test(navigator.userAgent);
  readonly canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function' && !/Android|iPhone|iPad/.test(navigator.userAgent);
  private facing: Facing = 'user';
  private screen: MediaStream | null = null;
  private seenMessages = 0;

  readonly qualityLabel = computed(() => this.i18n.t(`video.call.quality.${this.provider().quality()}`));

  constructor() {
    effect(() => {
      const video = this.remoteVideo()?.nativeElement;
      if (video) video.srcObject = this.provider().remoteStream();
    });
    effect(() => {
      const video = this.localVideo()?.nativeElement;
      if (video) video.srcObject = this.local();
    });
    effect(() => {
      const container = this.jitsiFrame()?.nativeElement;
      if (container && this.provider().drawsItself) void this.provider().open(container);
    });
    effect(() => {
      const count = this.provider().chat().length;
      if (this.chatOpen()) this.seenMessages = count;
      this.unread.set(count - this.seenMessages);
    });
    inject(DestroyRef).onDestroy(() => stopStream(this.screen));
  }

  toggleMute(): void {
    this.muted.update((muted) => !muted);
    this.provider().setMuted(this.muted());
  }

  toggleCamera(): void {
    this.cameraOff.update((off) => !off);
    this.provider().setCameraOff(this.cameraOff());
  }

  async switchCamera(): Promise<void> {
    const next: Facing = this.facing === 'user' ? 'environment' : 'user';
    const track = await cameraTrack(next);
    if (!track) return;
    this.facing = next;
    const stream = this.local();
    for (const old of stream.getVideoTracks()) {
      stream.removeTrack(old);
      old.stop();
    }
    stream.addTrack(track);
    await this.provider().replaceVideo(track);
    const video = this.localVideo()?.nativeElement;
    if (video) video.srcObject = new MediaStream(stream.getTracks());
  }

  /** Shows the doctor's screen (an image, a result) instead of the camera until stopped. */
  async toggleShare(): Promise<void> {
    if (this.sharing()) return this.stopShare();
    try {
      this.screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch {
      return;
    }
    const track = this.screen.getVideoTracks()[0];
    if (!track) return;
    track.addEventListener('ended', () => void this.stopShare());
    await this.provider().replaceVideo(track);
    this.sharing.set(true);
  }

  private async stopShare(): Promise<void> {
    stopStream(this.screen);
    this.screen = null;
    this.sharing.set(false);
    const camera = this.local().getVideoTracks()[0];
    if (camera) await this.provider().replaceVideo(camera);
  }

  toggleChat(): void {
    this.chatOpen.update((open) => !open);
    this.seenMessages = this.provider().chat().length;
    this.unread.set(0);
  }

  /** The patient's documents in a window beside the call (the documents module's viewers). */
  openDocuments(): void {
    const width = Math.max(480, Math.round(window.screen.availWidth * 0.45));
    window.open(`/documents/patients/${encodeURIComponent(this.patientId())}`, 'oblako-documents', `popup,width=${width},height=${window.screen.availHeight},left=${window.screen.availWidth - width}`);
  }
}
