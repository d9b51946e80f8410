/** The query parameter of `/sign-in` that names the page a person asked for before signing in. */
export const NEXT_PARAM = 'next';

/**
 * Where a sign-in continues: the page the person opened before they were asked to sign in
 * (`/sign-in?next=/consultations`), else home. Only a path of this app (never `//host`, never
 * the sign-in page itself): the parameter comes from an address anyone can write.
 */
export function afterSignInUrl(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return /^\/sign-in(?:[/?#]|$)/.test(next) ? '/' : next;
}

/** The same, read from the address the page is at now. */
export function afterSignInUrlOfLocation(): string {
  return afterSignInUrl(new URLSearchParams(location.search).get(NEXT_PARAM));
}
