import { TestBed } from '@angular/core/testing';
import type { SessionUser } from '@oblako/domain';
import { TranslationService, provideModuleIcons } from '@oblako/shell-kit';
import { signedInTestProviders } from '../../../pwa/src/app/kit/testing';
import { ChatPanelComponent } from './chat-panel.component';
import { VIDEO_ICONS } from './icons';
import { browserHelp } from './media';
import { WaitingRoomComponent } from './waiting-room.component';

const patient: SessionUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000a1', role: 'patient', phone: '+79000000001', name: 'Иванова Анна' };
const SLOT_START = '2026-12-14T00:00:00.000Z'; // 10:00 in Vladivostok

function text(element: HTMLElement, testId: string): string {
  return (element.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

describe('the video waiting room and chat', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [...signedInTestProviders(patient, true), provideModuleIcons(VIDEO_ICONS)] });
    TestBed.inject(TranslationService).use('ru');
  });

  it('the patient reads when the doctor joins in their own zone, the zone named, and the doctor\'s name', async () => {
    const fixture = TestBed.createComponent(WaitingRoomComponent);
    fixture.componentRef.setInput('role', 'patient');
    fixture.componentRef.setInput('slotStart', SLOT_START);
    fixture.componentRef.setInput('zone', 'Asia/Vladivostok');
    fixture.componentRef.setInput('doctorName', 'Смирнов Андрей Викторович');
    fixture.componentRef.setInput('now', Date.parse(SLOT_START) - 10 * 60_000);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(text(element, 'waiting-time')).toBe('Врач подключится в 10:00 (Владивосток, UTC+10)');
    expect(text(element, 'waiting-doctor')).toBe('Врач: Смирнов Андрей Викторович');
    expect(text(element, 'waiting-state')).toContain('Вы в комнате ожидания');
    // After the slot time the patient is told the doctor knows they wait.
    fixture.componentRef.setInput('now', Date.parse(SLOT_START) + 60_000);
    await fixture.whenStable();
    expect(text(element, 'waiting-state')).toContain('Мы сообщили врачу, что вы ждёте');
  });

  it('a slot on another day in the patient\'s zone (in the room before midnight): the date, then «в» the time', async () => {
    const fixture = TestBed.createComponent(WaitingRoomComponent);
    fixture.componentRef.setInput('role', 'patient');
    fixture.componentRef.setInput('slotStart', '2026-12-06T21:00:00.000Z'); // 00:00 on 7 December in Moscow
    fixture.componentRef.setInput('zone', 'Europe/Moscow');
    fixture.componentRef.setInput('now', Date.parse('2026-12-06T20:55:00.000Z')); // 23:55 on the 6th
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(text(element, 'waiting-time')).toBe('Врач подключится 7 декабря 2026 в 00:00 (Москва, UTC+3)');
    TestBed.inject(TranslationService).use('en');
    fixture.componentRef.setInput('language', 'en');
    await fixture.whenStable();
    expect(text(element, 'waiting-time')).toMatch(/^The doctor will join on .*7.*2026 at 00:00 \(/);
  });

  it('the doctor sees whether the patient is waiting; «Начать консультацию» is the way in', async () => {
    const fixture = TestBed.createComponent(WaitingRoomComponent);
    fixture.componentRef.setInput('role', 'doctor');
    fixture.componentRef.setInput('slotStart', SLOT_START);
    fixture.componentRef.setInput('zone', 'Europe/Moscow');
    fixture.componentRef.setInput('now', Date.parse(SLOT_START) - 5 * 60_000);
    fixture.componentRef.setInput('presence', { consultationId: 'c', patient: 'absent', doctor: 'waiting' });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(text(element, 'waiting-time')).toBe('Время консультации: 03:00 (Москва, UTC+3)');
    expect(text(element, 'patient-presence')).toBe('Пациент ещё не подключился');
    fixture.componentRef.setInput('presence', { consultationId: 'c', patient: 'waiting', doctor: 'waiting', patientSince: SLOT_START });
    await fixture.whenStable();
    expect(text(element, 'patient-presence')).toBe('Пациент ждёт в комнате ожидания');
    let started = 0;
    fixture.componentInstance.start.subscribe(() => started++);
    (element.querySelector('[data-testid="start-call"]') as HTMLButtonElement).click();
    expect(started).toBe(1);
  });

  it('chat: links open in a new tab, other text stays text (no markup from the other side)', async () => {
    const fixture = TestBed.createComponent(ChatPanelComponent);
    fixture.componentRef.setInput('messages', [
      { mine: false, text: 'Бисопролол 2,5 мг, см. https://grls.rosminzdrav.ru/ и <b>не</b> пропускайте', at: SLOT_START },
    ]);
    await fixture.whenStable();
    const message = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="chat-message"]')!;
    const link = message.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://grls.rosminzdrav.ru/');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(message.querySelector('b')).toBeNull();
    expect(message.textContent).toContain('<b>не</b> пропускайте');
  });

  it('the permission help matches the browser in use', () => {
    expect(browserHelp('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1')).toBe('iphone');
    expect(browserHelp('Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 YaBrowser/24.1 Mobile Safari/537.36')).toBe('androidYandex');
    expect(browserHelp('Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36')).toBe('androidChrome');
    expect(browserHelp('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0')).toBe('desktopFirefox');
    expect(browserHelp('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15')).toBe('desktopSafari');
    expect(browserHelp('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36')).toBe('desktopChrome');
  });
});
