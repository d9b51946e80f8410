import { afterSignInUrl } from './after-sign-in';

describe('where a sign-in continues', () => {
  it('the page asked for before the sign-in, with its query', () => {
    expect(afterSignInUrl('/consultations')).toBe('/consultations');
    expect(afterSignInUrl('/documents/patients?tab=files')).toBe('/documents/patients?tab=files');
  });

  it('home when nothing was asked for, or the sign-in page itself', () => {
    expect(afterSignInUrl(null)).toBe('/');
    expect(afterSignInUrl('')).toBe('/');
    expect(afterSignInUrl('/sign-in')).toBe('/');
    expect(afterSignInUrl('/sign-in?next=/consultations')).toBe('/');
  });

  it('never another site: the parameter is part of an address anyone can send', () => {
    expect(afterSignInUrl('https://evil.example/')).toBe('/');
    expect(afterSignInUrl('//evil.example/')).toBe('/');
    expect(afterSignInUrl('/\\evil.example/')).toBe('/');
    expect(afterSignInUrl('javascript:alert(1)')).toBe('/');
  });
});
