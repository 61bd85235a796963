import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { CLI_CALLBACK_URL } from '../config/resources';

export interface StaffAuthProps {
  /** Plus feature plan with threat protection ENFORCED (billed per MAU, no free tier); see the class comment. */
  readonly threatProtection: boolean;
  /** Stack deletion deletes the staff accounts with `destroy`. */
  readonly removalPolicy: RemovalPolicy;
  /** Makes DeleteUserPool fail until it is turned off. */
  readonly deletionProtection: boolean;
  /** The stage's name, part of the sign-in domain's prefix. */
  readonly stageName: string;
  /** The care console's URL (lib/console-site.ts): a callback and sign-out URL of the app client besides the CLI's. */
  readonly consoleUrl?: string;
}

/** Why a stage may run the staff pool without the Plus plan (cdk-nag COG8). */
export const NO_THREAT_PROTECTION_REASON =
  'This stage sets staffThreatProtection false: its pool holds developer test accounts and synthetic cases only. Threat protection needs the Cognito Plus plan, billed for every monthly active user with no free tier (Essentials includes 10,000 free MAU). Sign-in stays protected by a 14-character password policy and required TOTP MFA; stages with real staff (prod) set staffThreatProtection true.';

/**
 * Who may call the staff API: a Cognito user pool of staff accounts and the dashboard's app client, and the
 * `HttpJwtAuthorizer` the API puts in front of every `auth: 'staff'` route.
 *
 * - No self sign-up: ops create each account (console or `admin-create-user`), Cognito mails a temporary password.
 * - Email is the username; the password policy is 14 characters with all four character classes, and temporary
 *   passwords expire after 3 days.
 * - MFA is required, TOTP only (an authenticator app): SMS would need an SNS origination setup and costs per
 *   message, email MFA needs SES. Staff enrol on first sign-in.
 * - Threat protection (compromised-credential and risky sign-in detection, ENFORCED) when the stage asks for it.
 *   It needs the Plus plan, billed per MAU with no free tier; for a staff pool of tens of people that is a few
 *   dollars a month, and it is on in prod, where accounts can read customers' posts.
 * - The app client is public (no secret: it runs on staff's machines). Staff sign in through Cognito's managed
 *   login (a Cognito domain per stage): the authorization code flow with PKCE, so passwords and MFA codes are typed
 *   only into Cognito's own page. The care console (lib/console-site.ts) runs that flow in the browser, its URL a
 *   registered callback; `npm run staff -- token` (bin/staff.ts) runs it from a terminal with a loopback redirect
 *   and prints the ID token; SRP stays allowed for SDK clients. Tokens live 1 hour, refresh
 *   tokens 12 hours (one shift); revocation is on.
 *
 * The authorizer validates the token's signature against the pool's JWKS, its issuer (this pool) and its audience
 * (this client: `aud` in ID tokens, `client_id` in access tokens, which API Gateway checks when `aud` is absent).
 */
export class StaffAuth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly authorizer: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: StaffAuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${Stack.of(this).stackName}-staff`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      ...(props.threatProtection
        ? { featurePlan: FeaturePlan.PLUS, standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION }
        : { featurePlan: FeaturePlan.ESSENTIALS }),
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    if (!props.threatProtection) {
      Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG8', reason: NO_THREAT_PROTECTION_REASON });
    }

    this.client = this.userPool.addClient('DashboardClient', {
      userPoolClientName: 'staff-dashboard',
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [CLI_CALLBACK_URL, ...(props.consoleUrl ? [props.consoleUrl] : [])],
        logoutUrls: [CLI_CALLBACK_URL, ...(props.consoleUrl ? [props.consoleUrl] : [])],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    // A Cognito-hosted domain: no certificate or DNS to manage. The prefix must be unique in the region, so it
    // carries the account id; it may not contain "aws", "amazon" or "cognito".
    this.domain = this.userPool.addDomain('SignInDomain', {
      cognitoDomain: { domainPrefix: `social-care-${props.stageName.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${Stack.of(this).account}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login shows a page only for a client with a style; Cognito's own look is enough for staff.
    new CfnManagedLoginBranding(this, 'SignInBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    this.authorizer = new HttpJwtAuthorizer('StaffAuthorizer', this.issuerUrl, {
      authorizerName: 'staff-cognito',
      jwtAudience: [this.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** The pool's token issuer (`iss` of its tokens): the pool's ProviderURL, https://cognito-idp.<region>.<suffix>/<pool id>. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }

  /** The managed login's base URL, https://<prefix>.auth.<region>.amazoncognito.com */
  get signInUrl(): string {
    return this.domain.baseUrl();
  }
}
