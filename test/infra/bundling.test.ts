/**
 * The one test that really bundles: every handler in FUNCTIONS goes through local esbuild (no Docker), and the
 * result is a self-contained CJS bundle (AWS SDK and all dependencies inside, only Node built-ins required) with a
 * source map, which loads in plain Node and exports `handler`, and carries none of the development secrets the
 * local stack uses. Takes a few seconds; the other files skip bundling.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ENV, FUNCTIONS, type FunctionName } from '../../config/resources';
import { LOCAL_SECRET_DEFAULTS } from '../../local/secret-defaults';
import { buildStack, logicalId } from './helpers';

const names = Object.keys(FUNCTIONS) as FunctionName[];
const builtins = new Set(builtinModules);

/**
 * Modules the bundle loads at run time (real require/import calls, not text in strings), found by letting esbuild
 * parse it with every package left external.
 */
function runtimeImports(bundle: string): string[] {
  const { metafile } = buildSync({
    entryPoints: [bundle],
    bundle: true,
    write: false,
    platform: 'node',
    packages: 'external',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.values(metafile.inputs).flatMap((input) => input.imports.filter((i) => i.external).map((i) => i.path));
}

/** Values the handler modules need at load time; nothing is called. */
const loadEnv = {
  ...process.env,
  AWS_REGION: 'us-east-1',
  EVENTS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/events',
  BULK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/bulk',
  EVENTS_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/events-dlq',
  APP_SECRETS_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf',
  SECRETS_MAX_AGE_SECONDS: '60',
  [ENV.casesTable]: 'social-care-cases',
  [ENV.escalationStateMachineArn]: 'arn:aws:states:us-east-1:123456789012:stateMachine:social-care-escalation',
  [ENV.slaStateMachineArn]: 'arn:aws:states:us-east-1:123456789012:stateMachine:social-care-sla',
  [ENV.slaMinutes]: '{"critical":15,"high":30,"normal":60}',
  [ENV.rawTextRetentionDays]: '0',
  [ENV.highReachFollowers]: '10000',
  [ENV.emailFrom]: 'Example Care <care@example.com>',
  [ENV.publicBaseUrl]: 'https://abc123.execute-api.us-east-1.amazonaws.com',
  [ENV.businessName]: 'Example Co',
  [ENV.offerQuietDays]: '7',
};

/** The development secrets, and distinctive pieces of them a bundler could not rewrite. */
const devSecrets = [...Object.values(LOCAL_SECRET_DEFAULTS), 'dev-meta', 'dev-x-consumer', 'dev-staff-api', 'ZGV2LXJldmlld3Mt'];

test('esbuild bundles every handler locally into a self-contained CJS bundle with a source map and no development secret', () => {
  // Arrange
  const { app, stack } = buildStack({ bundle: true });
  // Act
  const assembly = app.synth();
  // Assert
  const template = assembly.getStackByName(stack.stackName).template;
  for (const name of names) {
    const fn = stack.functionFor(name).fn;
    const s3Key: string = template.Resources[logicalId(fn)].Properties.Code.S3Key;
    const dir = join(assembly.directory, `asset.${s3Key.replace(/\.zip$/, '')}`);
    const bundle = join(dir, 'index.js');
    expect({ name, bundle: existsSync(bundle), map: existsSync(`${bundle}.map`) }).toEqual({ name, bundle: true, map: true });

    const external = runtimeImports(bundle).filter((spec) => !spec.startsWith('node:') && !builtins.has(spec));
    expect({ name, external }).toEqual({ name, external: [] });

    // The public development secrets (local/secret-defaults.ts) must never reach a deployed function: a function
    // that fell back to them would accept deliveries anyone can sign.
    const shipped = readFileSync(bundle, 'utf8') + readFileSync(`${bundle}.map`, 'utf8');
    expect({ name, devSecrets: devSecrets.filter((v) => shipped.includes(v)) }).toEqual({ name, devSecrets: [] });

    const probe = `const m = require(${JSON.stringify(bundle)}); if (typeof m.handler !== 'function') { console.error('no handler export'); process.exit(2); }`;
    expect(() => execFileSync(process.execPath, ['-e', probe], { env: loadEnv, stdio: 'pipe' })).not.toThrow();
  }
});
