import { ChangeDetectionStrategy, Component, inject, provideZonelessChangeDetection } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { until } from '../testing';
import { askToConfirm, type ConfirmQuestion } from './confirm-dialog.component';

/** A page that asks, as module pages do. */
@Component({ selector: 'ob-test-asking-page', template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class AskingPage {
  readonly dialog = inject(MatDialog);
}

describe('askToConfirm (the kit’s one confirmation dialog)', () => {
  let fixture: ComponentFixture<AskingPage>;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideZonelessChangeDetection()] });
    fixture = TestBed.createComponent(AskingPage);
    fixture.autoDetectChanges();
  });

  afterEach(() => {
    fixture.componentInstance.dialog.closeAll();
    fixture.destroy();
    document.querySelectorAll('.cdk-overlay-container').forEach((element) => (element.innerHTML = ''));
  });

  const withdrawal: ConfirmQuestion = {
    title: 'Отозвать согласие?',
    text: 'Что произойдёт после отзыва:',
    effects: ['Загружать документы будет нельзя.', 'Вы выйдете на всех устройствах.'],
    confirmLabel: 'Отозвать согласие',
    cancelLabel: 'Не отзывать',
    danger: true,
  };

  const inDialog = <T extends HTMLElement = HTMLElement>(testId: string) =>
    document.querySelector<T>(`mat-dialog-container [data-testid="${testId}"]`);

  /** Opens the question; the answer comes wrapped (an async function would wait for a returned promise). */
  async function opened(question: ConfirmQuestion): Promise<{ answer: Promise<boolean> }> {
    const answer = askToConfirm(fixture.componentInstance.dialog, question);
    // Rendered (its texts bound), not only created.
    await until(() => !!inDialog('confirm')?.textContent?.trim() && !!document.querySelector('mat-dialog-container h2')?.textContent?.trim(), 'the dialog', 10_000);
    return { answer };
  }

  /** The colour a CSS value resolves to inside the dialog (theme tokens are set on the page). */
  function resolved(value: string): string {
    const probe = document.createElement('span');
    probe.style.backgroundColor = value;
    document.querySelector('mat-dialog-container')!.append(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return colour;
  }

  it('shows the title, the text and what will happen as a list; the confirming button is in the error colour', async () => {
    const { answer } = await opened(withdrawal);
    expect(document.querySelector('mat-dialog-container h2')!.textContent!.trim()).toBe('Отозвать согласие?');
    expect(inDialog('confirm-text')!.textContent!.trim()).toBe('Что произойдёт после отзыва:');
    const effects = [...inDialog('confirm-effects')!.querySelectorAll('li')].map((item) => item.textContent!.trim());
    expect(effects).toEqual(['Загружать документы будет нельзя.', 'Вы выйдете на всех устройствах.']);

    const confirm = inDialog<HTMLButtonElement>('confirm')!;
    expect(confirm.textContent!.trim()).toBe('Отозвать согласие');
    expect(inDialog('confirm-cancel')!.textContent!.trim()).toBe('Не отзывать');
    expect(getComputedStyle(confirm).backgroundColor).toBe(resolved('var(--mat-sys-error)'));
    expect(getComputedStyle(confirm).color).toBe(resolved('var(--mat-sys-on-error)'));

    inDialog<HTMLButtonElement>('confirm-cancel')!.click();
    expect(await answer).withContext('«Не отзывать» answers no').toBeFalse();
  });

  it('a plain question has no list and the theme’s primary button; only the confirming button answers yes', async () => {
    const { answer } = await opened({ title: 'Взять пациента?', text: 'Иванова Мария перейдёт к вам.', confirmLabel: 'Взять', cancelLabel: 'Отмена' });
    expect(inDialog('confirm-effects')).toBeNull();
    const confirm = inDialog<HTMLButtonElement>('confirm')!;
    expect(getComputedStyle(confirm).backgroundColor).toBe(resolved('var(--mat-sys-primary)'));
    confirm.click();
    expect(await answer).toBeTrue();
  });

  it('closing it another way (Escape) is a no', async () => {
    const { answer } = await opened(withdrawal);
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true });
    // The CDK reads keyCode, which a synthetic event cannot set through its constructor.
    Object.defineProperty(escape, 'keyCode', { get: () => 27 });
    document.querySelector('mat-dialog-container')!.dispatchEvent(escape);
    expect(await answer).toBeFalse();
  });
});
