import { describe, expect, it } from 'vitest';
import { isAllowedLinkHref, normalizeLinkHref } from '../../src/lib/realtime/link-href';

describe('normalizeLinkHref (the href rule of links in the shared notes)', () => {
  it.each([
    ['https://nordlicht.example/preise', 'https://nordlicht.example/preise'],
    ['http://nordlicht.example', 'http://nordlicht.example/'],
    ['HTTPS://Nordlicht.Example', 'https://nordlicht.example/'],
    ['mailto:einkauf@nordlicht.example', 'mailto:einkauf@nordlicht.example'],
    ['tel:+49401234567', 'tel:+49401234567'],
    ['tel:0401234567', 'tel:0401234567']
  ])('L1 keeps the safe scheme of %s', (input, href) => {
    expect(normalizeLinkHref(input)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    '  javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'ftp://files.example',
    'blob:https://staffel.example/1',
    'mailto:',
    'user:secret@nordlicht.example'
  ])('L2 refuses %j', (input) => {
    expect(normalizeLinkHref(input)).toBeNull();
    expect(isAllowedLinkHref(input)).toBe(false);
  });

  it.each([
    ['nordlicht.example', 'https://nordlicht.example/'],
    ['  nordlicht.example  ', 'https://nordlicht.example/'],
    ['www.baeckerei-walter.de/ueber-uns?x=1#team', 'https://www.baeckerei-walter.de/ueber-uns?x=1#team'],
    ['nordlicht.example:8080/api', 'https://nordlicht.example:8080/api'],
    ['localhost:3000', 'https://localhost:3000/'],
    ['müller-gmbh.de', 'https://xn--mller-gmbh-9db.de/']
  ])('L3 makes %j an https link', (input, href) => {
    expect(normalizeLinkHref(input)).toBe(href);
  });

  it('L4 completes protocol-relative links with https and bare e-mail addresses with mailto', () => {
    expect(normalizeLinkHref('//nordlicht.example/a')).toBe('https://nordlicht.example/a');
    expect(normalizeLinkHref('einkauf@nordlicht.example')).toBe('mailto:einkauf@nordlicht.example');
  });

  it.each(['/dossiers/123', './preise', '../x', '#top', '?q=1', '\\\\server\\share', 'nordlicht', 'hello world', ''])(
    'L5 refuses the relative or non-address %j',
    (input) => {
      expect(normalizeLinkHref(input)).toBeNull();
    }
  );

  it('never returns an href that a browser would resolve inside the app', () => {
    const inputs = ['nordlicht.example', 'www.x.de', '//x.de', 'x.de:80', 'a@b.de', 'tel:1', 'https://x.de'];
    for (const input of inputs) {
      const href = normalizeLinkHref(input)!;
      const resolved = new URL(href, 'https://staffel.example/dossiers/1');
      expect(resolved.host, `${input} → ${href}`).not.toBe('staffel.example');
    }
  });
});
