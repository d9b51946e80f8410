import { TestBed, type ComponentFixture } from '@angular/core/testing';
import type { SessionUser } from '@oblako/domain';
import type { DocumentFileRecord, MedicalDocument } from '../../schema';
import { until } from '../testing';
import { provideModuleIcons } from '@oblako/shell-kit';
import { signedInTestProviders } from '../../../../pwa/src/app/kit/testing';
import { DOCUMENTS_ICONS } from '../icons';
import { DocumentListComponent } from './document-list.component';

const doctor: SessionUser = { id: 'test-doctor-list', role: 'doctor', phone: '+79000000003', name: 'Смирнов Андрей Викторович' };

/** `count` documents of one patient; every seventh has a note, every fifth two files, like a real record. */
function documents(count: number): MedicalDocument[] {
  return Array.from({ length: count }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const files = Array.from({ length: i % 5 === 0 ? 2 : 1 }, (_, f) => ({
      fileId: `f${i}x${f}`,
      name: `анализ-${i + 1}-${f + 1}.pdf`,
      size: 120_000 + i,
      mime: 'application/pdf',
      sha256: 'a'.repeat(64),
    }));
    return {
      id: `p-1:doc-${String(i).padStart(5, '0')}`,
      patientId: 'p-1',
      type: 'lab',
      date: `2026-11-${day}`,
      note: i % 7 === 0 ? `Запись №${i + 1}: общий анализ крови, повторный через неделю` : '',
      files,
      createdAt: '2026-11-30T10:00:00.000Z',
      updatedAt: '2026-11-30T10:00:00.000Z',
    };
  });
}

/** The virtual list of document cards with the real cards, CDK viewport and measurements. */
describe('DocumentListComponent (thousands of documents, virtual scrolling)', () => {
  let fixture: ComponentFixture<DocumentListComponent>;
  const root = () => fixture.nativeElement as HTMLElement;
  const viewport = () => root().querySelector<HTMLElement>('cdk-virtual-scroll-viewport')!;
  const drawnCards = () => [...root().querySelectorAll<HTMLElement>('[data-testid=document]')];
  const drawnItems = () => [...root().querySelectorAll<HTMLElement>('[role=listitem]')];
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

  async function render(list: MedicalDocument[]): Promise<void> {
    TestBed.configureTestingModule({ imports: [DocumentListComponent], providers: [...signedInTestProviders(doctor, true), provideModuleIcons(DOCUMENTS_ICONS)] });
    fixture = TestBed.createComponent(DocumentListComponent);
    fixture.componentRef.setInput('documents', list);
    fixture.componentRef.setInput('records', new Map<string, DocumentFileRecord>());
    fixture.componentRef.setInput('mode', 'doctor');
    await until(async () => {
      await fixture.whenStable();
      return drawnCards().length > 0;
    }, 'the first cards drawn');
  }

  beforeEach(() => localStorage.removeItem('oblako.language'));
  afterEach(() => fixture?.destroy());

  it('draws only a window of 5,000 documents, says the count, and is a list for screen readers', async () => {
    await render(documents(5_000));
    expect(drawnCards().length).toBeGreaterThan(1);
    expect(drawnCards().length).toBeLessThan(40);
    expect(root().querySelector('[data-testid=document-count]')!.textContent!.trim()).toBe('5000 документов');
    expect(viewport().getAttribute('role')).toBe('list');
    expect(viewport().getAttribute('aria-label')).toBe('Документы, 5000');
    const first = drawnItems()[0]!;
    expect(first.getAttribute('aria-setsize')).toBe('5000');
    expect(first.getAttribute('aria-posinset')).toBe('1');
    expect(first.textContent).toContain('Анализы');
    // The spacer makes the scroll bar stand for the whole list, not for the drawn window.
    expect(viewport().scrollHeight).toBeGreaterThan(5_000 * 100);
    // Keyboard: the drawn cards' buttons are reachable.
    expect(first.querySelector('[data-testid=mark-reviewed]')).not.toBeNull();
  });

  it('a first screen (the rest still being read) says so instead of a count, in the virtual list the whole one will use', async () => {
    TestBed.configureTestingModule({ imports: [DocumentListComponent], providers: [...signedInTestProviders(doctor, true), provideModuleIcons(DOCUMENTS_ICONS)] });
    fixture = TestBed.createComponent(DocumentListComponent);
    fixture.componentRef.setInput('documents', documents(20));
    fixture.componentRef.setInput('records', new Map<string, DocumentFileRecord>());
    fixture.componentRef.setInput('mode', 'doctor');
    fixture.componentRef.setInput('partial', true);
    await until(async () => {
      await fixture.whenStable();
      return drawnCards().length > 0;
    }, 'the first cards drawn');
    const count = root().querySelector('[data-testid=document-count]')!.textContent!.trim();
    expect(count).toBe('Загружаю остальные…');
    expect(viewport()).not.toBeNull();
    expect(drawnItems()[0]!.getAttribute('aria-setsize')).toBe('-1');

    fixture.componentRef.setInput('documents', documents(5_000));
    fixture.componentRef.setInput('partial', false);
    await until(async () => {
      await fixture.whenStable();
      return root().querySelector('[data-testid=document-count]')!.textContent!.trim() === '5000 документов';
    }, 'the whole list counted');
  });

  it('scrolled to the end shows the last document, still drawing only a window', async () => {
    const list = documents(5_000);
    await render(list);
    await until(async () => {
      viewport().scrollTop = viewport().scrollHeight;
      await frame();
      await fixture.whenStable();
      const last = drawnItems().at(-1);
      if (last?.getAttribute('aria-posinset') !== '5000') return false;
      const box = last.getBoundingClientRect();
      const view = viewport().getBoundingClientRect();
      return box.bottom <= view.bottom + 1 && box.top >= view.top - box.height;
    }, 'the last document scrolled into view', 10_000);
    const last = drawnItems().at(-1)!;
    expect(last.textContent).toContain('анализ-5000-1.pdf');
    expect(drawnCards().length).toBeLessThan(40);
    expect(drawnItems()[0]!.getAttribute('aria-posinset')).not.toBe('1');
  });

  it('flung through in big jumps, every drawn card shows its own document (cards and file rows are reused for others)', async () => {
    await render(documents(600));
    for (const fraction of [0.1, 0.35, 0.6, 0.85, 0.2]) {
      viewport().scrollTop = viewport().scrollHeight * fraction;
      await frame();
      await fixture.whenStable();
      await frame();
      const items = drawnItems();
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        const position = Number(item.getAttribute('aria-posinset'));
        const names = [...item.querySelectorAll('[data-testid=file]')].map((file) => file.getAttribute('data-name'));
        // Every fifth document (position 1, 6, 11…) has two files, the others one.
        const expected = (position - 1) % 5 === 0 ? [`анализ-${position}-1.pdf`, `анализ-${position}-2.pdf`] : [`анализ-${position}-1.pdf`];
        expect(names).withContext(`item ${position} at ${fraction}`).toEqual(expected);
        expect(item.querySelector('.note') !== null).withContext(`note of item ${position}`).toBe((position - 1) % 7 === 0);
      }
    }
  });

  it('a short list is drawn whole, as a list with its count', async () => {
    await render(documents(3));
    expect(drawnCards().length).toBe(3);
    expect(root().querySelector('cdk-virtual-scroll-viewport')).toBeNull();
    const list = root().querySelector('[data-testid=document-list]')!;
    expect(list.getAttribute('role')).toBe('list');
    expect(list.querySelectorAll('[role=listitem]').length).toBe(3);
    expect(root().querySelector('[data-testid=document-count]')!.textContent!.trim()).toBe('3 документа');
  });

  it('a card that grows after it is drawn pushes the next one down instead of overlapping it', async () => {
    await render(documents(50));
    const [first, second] = drawnItems();
    const before = second!.getBoundingClientRect().top;
    const extra = document.createElement('div');
    extra.style.height = '300px';
    first!.querySelector('article')!.appendChild(extra);
    await until(async () => {
      await frame();
      return second!.getBoundingClientRect().top >= before + 299;
    }, 'the second card moved down');
    expect(first!.getBoundingClientRect().bottom).toBeLessThanOrEqual(second!.getBoundingClientRect().top + 1);
  });
});
