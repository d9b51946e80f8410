import { createActionGroup, emptyProps } from '@ngrx/store';

export const connectivityActions = createActionGroup({
  source: 'Connectivity',
  events: {
    /** The browser reports a network (navigator.onLine / `online` event). */
    'Went Online': emptyProps(),
    /** The browser reports no network (`offline` event). */
    'Went Offline': emptyProps(),
    /** A request to our server failed at the network level: treat the server as unreachable. */
    'Server Unreachable': emptyProps(),
    /** A request to our server got an answer. */
    'Server Reached': emptyProps(),
  },
});
