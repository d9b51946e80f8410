import { createActionGroup, emptyProps, props } from '@ngrx/store';
import type { SessionUser } from '@oblako/domain';

export const sessionActions = createActionGroup({
  source: 'Session',
  events: {
    /** The app started with a session remembered on this device (works offline). */
    Restored: props<{ user: SessionUser }>(),
    'Sign In Requested': props<{ phone: string; password: string }>(),
    'Signed In': props<{ user: SessionUser }>(),
    'Sign In Failed': props<{ code: string; retryAfterSeconds?: number }>(),
    /** The server sent fresher account details (name, role) with a refreshed token. */
    'User Updated': props<{ user: SessionUser }>(),
    'Sign Out Requested': emptyProps(),
    'Signed Out': emptyProps(),
    /** The server refused to refresh the session: the device must forget it. */
    Expired: props<{ code: string }>(),
  },
});
