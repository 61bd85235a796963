/**
 * The staff user pool and the dashboard client: no self sign-up, strong passwords, TOTP MFA required, threat
 * protection per stage, a public SRP client with short-lived tokens, and prod's retention and deletion protection.
 */
import { CLI_CALLBACK_URL } from '../../config/resources';
import { logicalId, synthStack } from './helpers';

const dev = synthStack();
const prod = synthStack({ stage: 'prod' });
const poolOf = (built: typeof dev) => built.template.findResources('AWS::Cognito::UserPool')[logicalId(built.stack.staffAuth.userPool)];
const pool = poolOf(dev).Properties;
const client = dev.template.findResources('AWS::Cognito::UserPoolClient')[logicalId(dev.stack.staffAuth.client)].Properties;

test('the stack has one user pool with one client', () => {
  dev.template.resourceCountIs('AWS::Cognito::UserPool', 1);
  dev.template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
  dev.template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
});

test('only admins create accounts; staff sign in with their email', () => {
  expect(pool.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
  expect(pool.UsernameAttributes).toEqual(['email']);
  expect(pool.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
});

test('passwords: 14 characters or more with all four character classes; temporary ones last 3 days', () => {
  expect(pool.Policies.PasswordPolicy).toEqual({
    MinimumLength: 14,
    RequireLowercase: true,
    RequireUppercase: true,
    RequireNumbers: true,
    RequireSymbols: true,
    TemporaryPasswordValidityDays: 3,
  });
});

test('MFA is required, TOTP only (no SMS)', () => {
  expect(pool.MfaConfiguration).toBe('ON');
  expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
  expect(pool.SmsConfiguration).toBeUndefined();
});

test.each([
  ['dev', dev],
  ['prod', prod],
])('%s: threat protection follows staffThreatProtection (Plus plan, ENFORCED) or stays off (Essentials)', (_name, built) => {
  const props = poolOf(built).Properties;
  if (built.stage.settings.staffThreatProtection) {
    expect(props.UserPoolTier).toBe('PLUS');
    expect(props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  } else {
    expect(props.UserPoolTier).toBe('ESSENTIALS');
    expect(props.UserPoolAddOns).toBeUndefined();
  }
});

test('prod protects the pool from deletion and retains it; dev may delete it', () => {
  expect(poolOf(prod)).toMatchObject({ DeletionPolicy: 'Retain', Properties: { DeletionProtection: 'ACTIVE' } });
  expect(poolOf(dev)).toMatchObject({ DeletionPolicy: 'Delete', Properties: { DeletionProtection: 'INACTIVE' } });
});

test('the client is public; passwords go only to Cognito: managed login (code flow with PKCE) or SRP, never USER_PASSWORD', () => {
  expect(client.GenerateSecret).toBe(false);
  expect(client.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
  expect(client.AllowedOAuthFlows).toEqual(['code']);
  expect(client.AllowedOAuthScopes).toEqual(['openid', 'email', 'profile']);
  // Only the CLI's loopback redirect and the stack's own console: no other page can receive a code for this client.
  const consoleUrl = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(dev.stack.console.distribution), 'DomainName'] }, '/']] };
  expect(client.CallbackURLs).toEqual([CLI_CALLBACK_URL, consoleUrl]);
  expect(client.LogoutURLs).toEqual([CLI_CALLBACK_URL, consoleUrl]);
  expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
  expect(client.PreventUserExistenceErrors).toBe('ENABLED');
  expect(client.EnableTokenRevocation).toBe(true);
});

test('tokens last an hour, refresh tokens a shift (12 h)', () => {
  expect(client).toMatchObject({
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    RefreshTokenValidity: 720,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
  });
});

test('a Cognito managed login per stage and account, with Cognito\'s own look, and its URL as an output', () => {
  const domain = Object.values(dev.template.findResources('AWS::Cognito::UserPoolDomain'))[0]!.Properties;
  expect(domain.ManagedLoginVersion).toBe(2);
  expect(JSON.stringify(domain.Domain)).toContain('social-care-dev-');
  expect(JSON.stringify(domain.Domain)).toContain('AWS::AccountId');
  expect(domain.CustomDomainConfig).toBeUndefined();
  dev.template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
  expect(JSON.stringify(dev.template.findOutputs('StaffSignInUrl'))).toContain('amazoncognito.com');
});
