import { TestBed } from '@angular/core/testing';
import { SwPush } from '@angular/service-worker';
import { Store } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';
import { sessionActions } from '../../../pwa/src/app/core/session/session.actions';
import { signedInTestProviders } from '../../../pwa/src/app/kit/testing';
import { UnsubscribeOnSignOut } from './background';

const PATIENT: SessionUser = { id: 'aaaaaaaa-0000-4000-8000-0000000000c1', role: 'patient', phone: '+79000000001', name: 'Иванова Анна' };

describe('UnsubscribeOnSignOut', () => {
  it('signing out ends this device’s push subscription (a shared phone shows nobody’s notifications)', async () => {
    let unsubscribed = 0;
    TestBed.configureTestingModule({
      providers: [
        ...signedInTestProviders(PATIENT, true),
        { provide: SwPush, useValue: { isEnabled: true, unsubscribe: async () => void unsubscribed++ } },
      ],
    });
    const store = TestBed.inject(Store);
    TestBed.inject(UnsubscribeOnSignOut).start();
    store.dispatch(sessionActions.userUpdated({ user: { ...PATIENT, name: 'Иванова Анна Петровна' } }));
    expect(unsubscribed).toBe(0);
    store.dispatch(sessionActions.signedOut());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(unsubscribed).toBe(1);
  });
});
