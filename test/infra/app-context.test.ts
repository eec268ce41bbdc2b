import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { readDeploymentContext } from '../../infra/app-context.ts';

const contextOf = (context: Record<string, unknown>) =>
  readDeploymentContext(new App({ context }).node);

describe('readDeploymentContext', () => {
  it('defaults to the dev stage, no vendor overrides and no alarm address', () => {
    expect(contextOf({})).toEqual({ stage: 'dev', vendorBaseUrls: {}, alarmEmail: undefined });
  });

  it('accepts vendorBaseUrls as a JSON string (from -c) or an object (from cdk.json)', () => {
    const fromCli = contextOf({ vendorBaseUrls: '{"github":"https://gh.example.test/"}' });
    const fromFile = contextOf({ vendorBaseUrls: { github: 'https://gh.example.test' } });
    expect(fromCli.vendorBaseUrls).toEqual({ github: 'https://gh.example.test' });
    expect(fromFile.vendorBaseUrls).toEqual(fromCli.vendorBaseUrls);
  });

  it('refuses an unknown stage, an unknown integration and a URL with a path', () => {
    expect(() => contextOf({ stage: 'staging' })).toThrow(/stage/);
    expect(() => contextOf({ vendorBaseUrls: { zendesk: 'https://z.example.test' } })).toThrow(
      /zendesk/,
    );
    expect(() => contextOf({ vendorBaseUrls: { stripe: 'https://s.example.test/v1' } })).toThrow(
      /vendorBaseUrls\.stripe/,
    );
    expect(() => contextOf({ vendorBaseUrls: '["https://s.example.test"]' })).toThrow(
      /JSON object/,
    );
  });
});
