import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { SessionUser } from '@oblako/domain';
import { TranslationService, provideModuleIcons } from '@oblako/shell-kit';
import { DOCUMENTS_ICONS } from '../icons';
import { FileSource, type OpenableFile } from '../file-source';
import { documentsTestProviders, until } from '../testing';
import { FileViewerComponent } from './file-viewer.component';

/** A 1×1 PNG: a real picture the browser decodes. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='), (c) => c.charCodeAt(0));
const page = (n: number): OpenableFile => ({ fileId: `page-${n}`, name: `страница-${n}.png`, size: PNG.length, mime: 'image/png', sha256: String(n).padEnd(64, '0') });

/** The photos of one document open as its pages (the bytes come from a stand-in FileSource). */
describe('FileViewerComponent: a document photographed page by page', () => {
  const patient: SessionUser = { id: 'patient-pages-1', role: 'patient', phone: '+79000000001', name: 'Иванова Мария' };
  let fixture: ComponentFixture<FileViewerComponent>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [...documentsTestProviders(patient, false), provideModuleIcons(DOCUMENTS_ICONS), { provide: FileSource, useValue: { blob: async () => new Blob([PNG], { type: 'image/png' }) } }],
    });
    TestBed.inject(TranslationService).use('ru');
    fixture = TestBed.createComponent(FileViewerComponent);
    fixture.componentRef.setInput('patientId', patient.id);
    fixture.componentRef.setInput('files', [page(1), page(2), page(3)]);
    fixture.componentRef.setInput('startAt', 'page-2');
    fixture.autoDetectChanges();
  });

  const root = () => fixture.nativeElement as HTMLElement;
  const label = () => root().querySelector('[data-testid="image-page"]')?.textContent?.trim();
  const shown = () => root().querySelector('[data-testid="image-view"]')?.getAttribute('alt');

  it('opens at the photo tapped, «Страница 2 из 3», and turns with the buttons', async () => {
    await until(() => label() === 'Страница 2 из 3', 'page 2 of 3');
    expect(shown()).toBe('страница-2.png');
    (root().querySelector('[data-testid="page-next"]') as HTMLButtonElement).click();
    await until(() => label() === 'Страница 3 из 3', 'page 3');
    expect(shown()).toBe('страница-3.png');
    expect((root().querySelector('[data-testid="page-next"]') as HTMLButtonElement).disabled).toBeTrue();
    (root().querySelector('[data-testid="page-previous"]') as HTMLButtonElement).click();
    (root().querySelector('[data-testid="page-previous"]') as HTMLButtonElement).click();
    await until(() => label() === 'Страница 1 из 3', 'page 1');
    expect((root().querySelector('[data-testid="page-previous"]') as HTMLButtonElement).disabled).toBeTrue();
  });

  it('a swipe to the left shows the next page, to the right the previous; a tap or a vertical move does not turn', async () => {
    await until(() => label() === 'Страница 2 из 3', 'page 2 of 3');
    const swipe = root().querySelector('.swipe') as HTMLElement;
    const move = (fromX: number, toX: number, fromY = 100, toY = 100) => {
      swipe.dispatchEvent(new PointerEvent('pointerdown', { clientX: fromX, clientY: fromY, bubbles: true }));
      swipe.dispatchEvent(new PointerEvent('pointerup', { clientX: toX, clientY: toY, bubbles: true }));
    };
    move(300, 200);
    await until(() => label() === 'Страница 3 из 3', 'swiped to page 3');
    move(100, 110);
    move(200, 120, 100, 400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(label()).toBe('Страница 3 из 3');
    move(100, 260);
    await until(() => label() === 'Страница 2 из 3', 'swiped back to page 2');
  });

  it('one photo alone has no page controls', async () => {
    fixture.componentRef.setInput('files', [page(1)]);
    fixture.componentRef.setInput('startAt', 'page-1');
    await until(() => shown() === 'страница-1.png', 'the photo');
    expect(root().querySelector('[data-testid="image-page"]')).toBeNull();
  });
});
