import { TestBed } from '@angular/core/testing';
import { provideZonelessChangeDetection } from '@angular/core';
import type { ModuleDefinition } from '@oblako/domain';
import { MODULE_REGISTRY } from '../modules/module-registry';
import { TranslationService } from './translation.service';

const demoModule: ModuleDefinition = { id: 'demo', i18n: { ru: { 'demo.title': 'Демо' }, en: { 'demo.title': 'Demo' } } };

describe('TranslationService', () => {
  let i18n: TranslationService;

  beforeEach(() => {
    localStorage.removeItem('oblako.language');
    TestBed.configureTestingModule({
      providers: [provideZonelessChangeDetection(), { provide: MODULE_REGISTRY, useValue: [demoModule] }],
    });
    i18n = TestBed.inject(TranslationService);
  });

  afterEach(() => localStorage.removeItem('oblako.language'));

  it('speaks Russian by default and includes module strings', () => {
    expect(i18n.language()).toBe('ru');
    expect(i18n.t('connectivity.offline')).toBe('Нет сети');
    expect(i18n.t('demo.title')).toBe('Демо');
  });

  it('translates server error codes once their strings have loaded', async () => {
    await i18n.errorsLoaded;
    expect(i18n.t('error.invalid_credentials')).toBe('Неверный номер телефона или пароль.');
  });

  it('uses the three Russian plural forms', () => {
    expect(i18n.plural('sync.pending', 1)).toBe('1 изменение ожидает отправки');
    expect(i18n.plural('sync.pending', 2)).toBe('2 изменения ожидают отправки');
    expect(i18n.plural('sync.pending', 4)).toBe('4 изменения ожидают отправки');
    expect(i18n.plural('sync.pending', 5)).toBe('5 изменений ожидают отправки');
    expect(i18n.plural('sync.pending', 11)).toBe('11 изменений ожидают отправки');
    expect(i18n.plural('sync.pending', 21)).toBe('21 изменение ожидает отправки');
    expect(i18n.plural('sync.pending', 22)).toBe('22 изменения ожидают отправки');
    expect(i18n.plural('sync.pending', 112)).toBe('112 изменений ожидают отправки');
  });

  it('switches to English, remembers it and marks the document language', () => {
    i18n.use('en');
    expect(i18n.t('demo.title')).toBe('Demo');
    expect(i18n.plural('sync.pending', 1)).toBe('1 change waiting to sync');
    expect(i18n.plural('sync.pending', 3)).toBe('3 changes waiting to sync');
    expect(localStorage.getItem('oblako.language')).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    i18n.use('ru');
  });

  it('fills placeholders and falls back to the key for unknown strings', () => {
    expect(i18n.t('signIn.retryAfter', { seconds: 30 })).toBe('Повторите через 30 с.');
    expect(i18n.t('no.such.key')).toBe('no.such.key');
  });
});
