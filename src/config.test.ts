import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults in embedded mode', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', embedded: true, baseUrl: 'http://localhost:3000' });
    expect(config.dataDir).toBe(path.resolve('./data'));
  });

  it('names the variable and the problem in one line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(new ConfigError('PORT must be a whole number.'));
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/^PORT must be between 0 and 65535\.$/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL must be a postgres/);
    expect(() => loadConfig({ BASE_URL: 'not a url' })).toThrow(/^BASE_URL must be an http/);
  });

  it('requires SESSION_SECRET in server mode only', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/waymark' })).toThrow(/^SESSION_SECRET is required/);
    const config = loadConfig({ DATABASE_URL: 'postgres://localhost/waymark', SESSION_SECRET: 'x'.repeat(32) });
    expect(config.embedded).toBe(false);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/^SESSION_SECRET must be at least 32/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ port: 3000, embedded: true });
  });

  it('trusts proxies only when told, and requires that behind https', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1,10.0.0.0/8' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/^TRUST_PROXY must be a number of proxy hops/);
    expect(() => loadConfig({ BASE_URL: 'https://waymark.example' })).toThrow(/^TRUST_PROXY is required when BASE_URL/);
    expect(loadConfig({ BASE_URL: 'https://waymark.example', TRUST_PROXY: '1' }).baseUrl).toBe(
      'https://waymark.example',
    );
  });

  it('refuses single sign-on providers on private addresses unless told otherwise', () => {
    expect(loadConfig({}).ssoAllowPrivateIssuers).toBe(false);
    expect(loadConfig({ SSO_ALLOW_PRIVATE_ISSUERS: 'true' }).ssoAllowPrivateIssuers).toBe(true);
    expect(loadConfig({ SSO_ALLOW_PRIVATE_ISSUERS: 'false' }).ssoAllowPrivateIssuers).toBe(false);
    expect(() => loadConfig({ SSO_ALLOW_PRIVATE_ISSUERS: 'yes' })).toThrow(
      /^SSO_ALLOW_PRIVATE_ISSUERS must be true or false\.$/,
    );
  });

  it('sends email from a configurable address, refusing anything that is not one', () => {
    expect(loadConfig({}).mailFrom).toBe('Waymark <no-reply@localhost>');
    expect(loadConfig({ MAIL_FROM: 'Northshire Waymark <waymark@northshire.example>' }).mailFrom).toBe(
      'Northshire Waymark <waymark@northshire.example>',
    );
    expect(loadConfig({ MAIL_FROM: 'waymark@northshire.example' }).mailFrom).toBe('waymark@northshire.example');
    expect(() => loadConfig({ MAIL_FROM: 'Waymark' })).toThrow(/^MAIL_FROM must be an email address/);
    expect(() => loadConfig({ MAIL_FROM: 'a@b.example\r\nBcc: c@d.example' })).toThrow(/^MAIL_FROM must be/);
  });

  it('names who runs the deployment and how to reach them, with defaults for a local run', () => {
    expect(loadConfig({}).contact).toEqual({
      email: 'waymark@localhost',
      name: 'the team that runs this Waymark',
      accessibilityTestedOn: undefined,
    });
    expect(
      loadConfig({
        CONTACT_EMAIL: ' waymark-help@northshire.example ',
        CONTACT_NAME: 'The Northshire digital team',
        ACCESSIBILITY_TESTED_ON: '2026-03-31',
      }).contact,
    ).toEqual({
      email: 'waymark-help@northshire.example',
      name: 'The Northshire digital team',
      accessibilityTestedOn: '2026-03-31',
    });
    for (const bad of [
      'help',
      'Help <help@x.example>',
      'a@b.example?cc=c@d.example',
      'a b@x.example',
      'a@b.example\nBcc: c@d.example',
    ]) {
      expect(() => loadConfig({ CONTACT_EMAIL: bad }), bad).toThrow(/^CONTACT_EMAIL must be one email address/);
    }
    expect(() => loadConfig({ CONTACT_NAME: '   ' })).toThrow(/^CONTACT_NAME must not be empty\.$/);
    expect(() => loadConfig({ CONTACT_NAME: 'Team\r\nBcc: x' })).toThrow(/^CONTACT_NAME must be one line of text\.$/);
    expect(() => loadConfig({ CONTACT_NAME: 'x'.repeat(121) })).toThrow(/^CONTACT_NAME must be at most 120/);
    for (const bad of ['31 March 2026', '2026-02-30', '2026-13-01', '26-03-31']) {
      expect(() => loadConfig({ ACCESSIBILITY_TESTED_ON: bad }), bad).toThrow(
        /^ACCESSIBILITY_TESTED_ON must be a date written like 2026-03-31\.$/,
      );
    }
  });
});
