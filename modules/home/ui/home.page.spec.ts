import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { Store } from '@ngrx/store';
import type { Consultation, SessionUser } from '@oblako/domain';
import { TranslationService } from '@oblako/shell-kit';
import type { RxCollection } from 'rxdb';
import { DataLayer } from '../../../pwa/src/app/core/db/data-layer.service';
import { databaseName, removeUserDatabase } from '../../../pwa/src/app/core/db/user-database';
import { sessionActions } from '../../../pwa/src/app/core/session/session.actions';
import { insertLocal, signedInTestProviders, until } from '../../../pwa/src/app/kit/testing';
import { zoneAnswerKey } from '../zone-question';
import { DEVICE_TIME_ZONE, HOME_CLOCK } from './environment';
import { HomePage } from './home.page';

const PATIENT = 'aaaaaaaa-0000-4000-8000-00000000a0e1';
const sha = 'a'.repeat(64);
/** Monday 7 December 2026, 17:00 in Vladivostok. */
const NOW = new Date('2026-12-07T07:00:00.000Z');
/** Tuesday 8 December 2026, 17:00–17:30 in Vladivostok. */
const SLOT = { start: '2026-12-08T07:00:00.000Z', end: '2026-12-08T07:30:00.000Z' };

function medicalDocument(local: string, type: string, fileId: string) {
  return {
    id: `${PATIENT}:${local}`, patientId: PATIENT, type, date: '2026-11-01', note: '',
    files: [{ fileId, name: `${fileId}.jpg`, size: 100, mime: 'image/jpeg', sha256: sha }],
    createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(),
  };
}
const verified = (local: string, fileId: string) => ({
  id: `${PATIENT}:${fileId}`, patientId: PATIENT, documentId: `${PATIENT}:${local}`, fileId, status: 'uploaded', name: `${fileId}.jpg`, size: 100, checkedAt: NOW.toISOString(),
});
const referral = {
  id: `${PATIENT}:referral-1`, patientId: PATIENT, diagnosis: 'Гипертоническая болезнь II стадии', icd10: 'I11.9',
  referringOrganization: 'ГБУЗ «Краевая больница № 2», Владивосток', attendingDoctor: 'Ким Олег Сергеевич', consultationProfile: 'Кардиология',
  source: { fileName: 'направления.xlsx', sheet: 'Лист1', rowNumber: 5 }, importId: 'import-1', importedBy: 'manager-1', importedAt: '2026-12-01T02:00:00.000Z',
};
const profile = (timeZone: string) => ({
  id: `${PATIENT}:profile`, patientId: PATIENT, fullName: 'Иванова Мария Петровна', birthDate: '1980-04-02', region: '', timeZone, contactPhone: '+79140000001', updatedAt: NOW.toISOString(),
});
function consultation(status: Consultation['status'], fields: Partial<Consultation> = {}): Consultation {
  return { id: `${PATIENT}:c-1`, patientId: PATIENT, specialty: 'cardiology', status, createdAt: '2026-12-02T00:00:00.000Z', updatedAt: NOW.toISOString(), history: [], ...fields };
}

describe('HomePage («Главная»)', () => {
  const patient: SessionUser = { id: PATIENT, role: 'patient', phone: '+79140000001', name: 'Иванова Мария Петровна' };
  let layer: DataLayer;
  let fixture: ComponentFixture<HomePage> | undefined;
  let clock = NOW;

  async function setUp(online: boolean): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        ...signedInTestProviders(patient, online, { router: true }),
        { provide: HOME_CLOCK, useValue: () => clock },
        { provide: DEVICE_TIME_ZONE, useValue: 'Asia/Vladivostok' },
      ],
    });
    TestBed.inject(TranslationService).use('ru');
    layer = TestBed.inject(DataLayer);
    await layer.open(patient);
  }

  function render(): HTMLElement {
    fixture = TestBed.createComponent(HomePage);
    fixture.autoDetectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  const stepOf = (page: HTMLElement) => page.querySelector('[data-testid="home-step"]')?.getAttribute('data-step');
  const titleOf = (page: HTMLElement) => page.querySelector('[data-testid="home-step-title"]')?.textContent?.trim();

  beforeEach(() => {
    clock = NOW;
    localStorage.removeItem(zoneAnswerKey(PATIENT));
  });

  afterEach(async () => {
    fixture?.destroy();
    fixture = undefined;
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => (el.innerHTML = ''));
    TestBed.inject(Store).dispatch(sessionActions.signedOut());
    await new Promise((resolve) => setTimeout(resolve, 50));
    await layer.close();
    await removeUserDatabase(databaseName(PATIENT));
    localStorage.removeItem(zoneAnswerKey(PATIENT));
  });

  it('walks the steps from the device\'s data: conclusion → examination → specialty (the referral\'s profile) → waiting → the consultation in Vladivostok time', async () => {
    await setUp(true);
    await insertLocal(layer, 'profiles', profile('Asia/Vladivostok'));
    const page = render();
    await until(() => stepOf(page) === 'upload_conclusion', 'first step');
    expect(titleOf(page)).toBe('Загрузите заключение лечащего врача');
    expect(page.querySelector('[data-testid="home-step-action"]')?.getAttribute('href')).toBe('/documents/new');
    expect(page.querySelector('h1')?.textContent).toContain('Здравствуйте, Мария Петровна!');
    expect(page.querySelector('[data-testid="home-journey"] [aria-current="step"]')?.textContent).toContain('Документы');

    await insertLocal(layer, 'documents', medicalDocument('doc-c', 'conclusion', 'file-c'));
    await insertLocal(layer, 'document_files', verified('doc-c', 'file-c'));
    await until(() => stepOf(page) === 'upload_examination', 'examination step');
    expect(titleOf(page)).toBe('Загрузите результаты обследования');

    await insertLocal(layer, 'referrals', referral);
    await until(() => page.querySelector('[data-testid="home-referral"]') !== null, 'the referral');
    await insertLocal(layer, 'documents', medicalDocument('doc-mri', 'mri', 'file-m'));
    await insertLocal(layer, 'document_files', verified('doc-mri', 'file-m'));
    await until(() => stepOf(page) === 'choose_specialty', 'specialty step');
    expect(titleOf(page)).toBe('Выберите специализацию');
    expect(page.querySelector('[data-testid="home-suggested-profile"]')?.textContent).toContain('Кардиология');
    expect(page.querySelector('[data-testid="home-step-action"]')?.getAttribute('href')).toBe('/consultations');
    // The referral, as the regional doctor wrote it.
    expect(page.querySelector('[data-testid="referral-diagnosis"]')?.textContent).toBe('Гипертоническая болезнь II стадии');
    expect(page.querySelector('[data-testid="referral-icd10"]')?.textContent).toBe('I11.9');
    expect(page.querySelector('[data-testid="referral-organization"]')?.textContent).toContain('Краевая больница № 2');
    expect(page.querySelector('[data-testid="referral-attending"]')?.textContent).toBe('Ким Олег Сергеевич');
    expect(page.querySelector('[data-testid="referral-profile"]')?.textContent).toBe('Кардиология');

    const consultations = (await layer.database()).db.collections['consultations'] as RxCollection<Consultation>;
    await consultations.insert(consultation('ready', { readyAt: '2026-12-06T07:00:00.000Z' }));
    await until(() => stepOf(page) === 'waiting_doctor', 'waiting step');
    expect(titleOf(page)).toBe('Ждём врача: обычно 2–4 дня');

    await consultations.upsert(consultation('scheduled', {
      readyAt: '2026-12-06T07:00:00.000Z', doctorId: 'doctor-1', doctorName: 'Петров Пётр Петрович', takenAt: NOW.toISOString(),
      slot: SLOT, bookedAt: NOW.toISOString(), firstScheduledAt: NOW.toISOString(),
    }));
    await until(() => stepOf(page) === 'consultation', 'consultation step');
    expect(page.querySelector('[data-testid="home-consultation-time"]')?.textContent).toContain('8 декабря 2026, 17:00–17:30 (Владивосток, UTC+10)');
    expect(page.querySelector('[data-testid="home-call-state"]')?.textContent).toContain('Подключиться можно с 8 декабря 2026, 16:45 (Владивосток, UTC+10)');
    expect(page.querySelector('[data-testid="home-join-video"]')).toBeNull();
  });

  it('in the join window: the video button leads to the call; offline it is disabled and says why', async () => {
    clock = new Date('2026-12-08T06:50:00.000Z');
    await setUp(false);
    await insertLocal(layer, 'profiles', profile('Asia/Vladivostok'));
    await insertLocal(layer, 'consultations', consultation('scheduled', { doctorId: 'doctor-1', doctorName: 'Петров Пётр Петрович', slot: SLOT, readyAt: NOW.toISOString(), firstScheduledAt: NOW.toISOString(), takenAt: NOW.toISOString(), bookedAt: NOW.toISOString() }));
    const page = render();
    await until(() => stepOf(page) === 'consultation', 'consultation step');
    expect(page.querySelector('[data-testid="home-offline"]')).not.toBeNull();
    const button = page.querySelector('[data-testid="home-join-video"]') as HTMLButtonElement;
    expect(button.disabled).toBeTrue();
    expect(page.querySelector('[data-testid="home-call-state"]')?.textContent).toContain('Нет соединения с интернетом');

  });

  it('asks an imported patient (Moscow by default) in Vladivostok once: «Да» saves the zone in the profile', async () => {
    await setUp(true);
    await insertLocal(layer, 'profiles', profile('Europe/Moscow'));
    let page = render();
    await until(() => page.querySelector('[data-testid="home-zone-question"]') !== null, 'the question');
    expect(page.querySelector('[data-testid="home-zone-question"] h2')?.textContent).toContain('Ваш часовой пояс — Владивосток?');
    (page.querySelector('[data-testid="zone-yes"]') as HTMLButtonElement).click();
    const profiles = (await layer.database()).db.collections['profiles'] as RxCollection<{ timeZone: string }>;
    await until(async () => (await profiles.findOne(`${PATIENT}:profile`).exec())?.timeZone === 'Asia/Vladivostok', 'zone saved');
    await until(() => page.querySelector('[data-testid="home-zone-question"]') === null, 'question gone');

    // Asked once: the page opened again does not ask, even had the profile stayed in Moscow.
    fixture!.destroy();
    await (await profiles.findOne(`${PATIENT}:profile`).exec())!.incrementalPatch({ timeZone: 'Europe/Moscow' });
    page = render();
    await until(() => stepOf(page) === 'upload_conclusion', 'page shown');
    expect(page.querySelector('[data-testid="home-zone-question"]')).toBeNull();
  });

  it('«Выбрать другой»: the chosen zone is saved, not the device\'s', async () => {
    await setUp(true);
    await insertLocal(layer, 'profiles', profile('Europe/Moscow'));
    const page = render();
    await until(() => page.querySelector('[data-testid="zone-other"]') !== null, 'the question');
    (page.querySelector('[data-testid="zone-other"]') as HTMLButtonElement).click();
    await until(() => page.querySelector('[data-testid="zone-select"]') !== null, 'the select');
    (page.querySelector('[data-testid="zone-select"] .mat-mdc-select-trigger') as HTMLElement).click();
    await until(() => document.querySelectorAll('mat-option').length === 11, 'eleven zones');
    const kamchatka = Array.from(document.querySelectorAll('mat-option')).find((option) => option.textContent?.includes('Камчатка')) as HTMLElement;
    kamchatka.click();
    await until(() => !document.querySelector('mat-option'), 'closed');
    (page.querySelector('[data-testid="zone-save"]') as HTMLButtonElement).click();
    const profiles = (await layer.database()).db.collections['profiles'] as RxCollection<{ timeZone: string }>;
    await until(async () => (await profiles.findOne(`${PATIENT}:profile`).exec())?.timeZone === 'Asia/Kamchatka', 'zone saved');
  });
});
