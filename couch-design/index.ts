import type { DesignDocDefinition } from '@oblako/domain';
import { expiryDesignDoc } from './expiry';

/**
 * Design documents of the server's own databases (not replicated collections: those come with
 * their module). Deployed at every start, created or updated only when changed.
 * `db` is the logical database name (the store adds the configured prefix).
 */
export const SERVER_DESIGN_DOCS: readonly DesignDocDefinition[] = [
  { db: 'sessions', doc: expiryDesignDoc },
  { db: 'sign_in_attempts', doc: expiryDesignDoc },
];
