/**
 * What the stack does with stored data, for every stage in cdk.json: one customer managed KMS key (rotated, aliased,
 * kept or destroyed with the stage's data) encrypting the table, both queues, the app secret and every log group;
 * no function able to administer the key; retention everywhere it applies; and no secret in any Lambda environment.
 */
import cdkJson from '../../cdk.json';
import { ENV } from '../../config/resources';
import { dataKeyAlias } from '../../lib/data-key';
import { LOCAL_SECRET_DEFAULTS } from '../../local/secret-defaults';
import { actionsOf, arnOf, logicalId, type PolicyStatementJson, ref, synthStack } from './helpers';

const stages = Object.keys(cdkJson.context.stages);

/** Actions a function may hold on the key; anything else (Encrypt, ReEncrypt*, CreateGrant, Put*, kms:*) is refused. */
const KEY_USE_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey'];

describe.each(stages)('stage %s', (stageName) => {
  const { stack, stage, template } = synthStack({ stage: stageName });
  const key = stack.dataKey.key;
  const keyResource = template.findResources('AWS::KMS::Key')[logicalId(key)];
  const keyStatements = keyResource.Properties.KeyPolicy.Statement as (PolicyStatementJson & { Sid?: string })[];
  const region = { Ref: 'AWS::Region' };

  describe('the data key', () => {
    test('is the only KMS key: symmetric, rotated yearly, alias/social-care-<stage>', () => {
      template.resourceCountIs('AWS::KMS::Key', 1);
      expect(keyResource.Properties.EnableKeyRotation).toBe(true);
      expect(keyResource.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
      template.hasResourceProperties('AWS::KMS::Alias', { AliasName: `alias/social-care-${stageName}`, TargetKeyId: arnOf(key) });
      expect(dataKeyAlias(stageName)).toBe(`alias/social-care-${stageName}`);
    });

    test("follows the stage's dataRemovalPolicy, with the longest deletion window", () => {
      const expected = stage.settings.dataRemovalPolicy === 'retain' ? 'Retain' : 'Delete';
      expect(keyResource).toMatchObject({ DeletionPolicy: expected, UpdateReplacePolicy: expected });
      expect(keyResource.Properties.PendingWindowInDays).toBe(30);
    });

    test("lets CloudWatch Logs of this region use it for this account's log groups only", () => {
      const logs = keyStatements.find((s) => s.Sid === 'CloudWatchLogsOfThisAccount');
      expect(logs).toEqual({
        Sid: 'CloudWatchLogsOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: { 'Fn::Join': ['', ['logs.', region, '.amazonaws.com']] } },
        Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: '*',
        Condition: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', region, ':', { Ref: 'AWS::AccountId' }, ':log-group:*']],
            },
          },
        },
      });
    });

    test("lets CloudWatch alarms of this account and region (aws:SourceAccount, aws:SourceArn) publish to a topic encrypted with it", () => {
      const alarms = keyStatements.find((s) => s.Sid === 'CloudWatchAlarmsToEncryptedTopics');
      expect(alarms).toEqual({
        Sid: 'CloudWatchAlarmsToEncryptedTopics',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Resource: '*',
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', region, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']],
            },
          },
        },
      });
    });

    test('every statement of the key policy for an AWS service names whose requests it serves (a condition)', () => {
      const services = keyStatements.filter((s) => JSON.stringify(s.Principal ?? {}).includes('Service'));
      expect(services.length).toBeGreaterThan(0);
      for (const s of services) expect({ sid: s.Sid, condition: s.Condition !== undefined }).toEqual({ sid: s.Sid, condition: true });
    });

    test("every function's use of the key goes through SQS, DynamoDB or Secrets Manager in the stack's region (kms:ViaService)", () => {
      const roles = new Set(Object.values(stack.functions).map((fn) => logicalId(fn.role)));
      const via = (service: string) => JSON.stringify({ 'Fn::Join': ['', [`${service}.`, region, '.amazonaws.com']] });
      const allowed = ['sqs', 'dynamodb', 'secretsmanager'].map(via);
      const keyUses = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => roles.has(r.Ref)))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[])
        .filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
      expect(keyUses.length).toBeGreaterThan(0);
      for (const s of keyUses) {
        const condition = s.Condition as { StringEquals?: Record<string, unknown> } | undefined;
        const service = JSON.stringify(condition?.StringEquals?.['kms:ViaService']);
        expect({ statement: s, viaAllowedService: allowed.includes(service) }).toEqual({ statement: s, viaAllowedService: true });
      }
    });

    test('names no function role in its policy: what functions may do is in their own role policies', () => {
      const principals = JSON.stringify(keyStatements.map((s) => s.Principal));
      for (const fn of Object.values(stack.functions)) expect(principals).not.toContain(logicalId(fn.role));
    });

    test('no role of the stack may administer the key or use it beyond Decrypt and GenerateDataKey', () => {
      const kmsActions = Object.values(template.findResources('AWS::IAM::Policy'))
        .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[])
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('kms:'));
      expect(kmsActions.length).toBeGreaterThan(0);
      expect([...new Set(kmsActions)].filter((a) => !KEY_USE_ACTIONS.includes(a))).toEqual([]);
      const inline = Object.values(template.findResources('AWS::IAM::Role')).flatMap((r) =>
        (r.Properties.Policies ?? []).flatMap((p: { PolicyDocument: { Statement: PolicyStatementJson[] } }) => p.PolicyDocument.Statement),
      );
      expect(inline.flatMap(actionsOf).filter((a) => a.startsWith('kms:'))).toEqual([]);
    });
  });

  describe('what the key encrypts', () => {
    test('the cases table', () => {
      const table = template.findResources('AWS::DynamoDB::Table')[logicalId(stack.casesTable.table)];
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arnOf(key) });
    });

    test('the events queue and its DLQ', () => {
      const queues = template.findResources('AWS::SQS::Queue');
      expect(Object.keys(queues).length).toBeGreaterThan(0);
      for (const q of Object.values(queues)) expect(q.Properties.KmsMasterKeyId).toEqual(arnOf(key));
    });

    test('the app secret', () => {
      const secrets = template.findResources('AWS::SecretsManager::Secret');
      expect(secrets[logicalId(stack.appSecrets.secret)]?.Properties.KmsKeyId).toEqual(arnOf(key));
      for (const s of Object.values(secrets)) expect(s.Properties.KmsKeyId).toEqual(arnOf(key));
    });

    test('every log group: functions, state machine, API access logs and any added later', () => {
      const groups = template.findResources('AWS::Logs::LogGroup');
      const required = [
        ...Object.values(stack.functions).map((fn) => fn.logGroup),
        stack.escalation.logGroup,
        stack.intakeApi.accessLogGroup,
      ];
      for (const group of required) expect(groups[logicalId(group)]).toBeDefined();
      for (const [id, group] of Object.entries(groups)) expect({ id, key: group.Properties.KmsKeyId }).toEqual({ id, key: arnOf(key) });
    });

    test('every SNS topic, if any', () => {
      for (const topic of Object.values(template.findResources('AWS::SNS::Topic'))) {
        expect(topic.Properties.KmsMasterKeyId).toEqual(arnOf(key));
      }
    });
  });

  describe('retention', () => {
    test("every log group keeps events for the stage's logRetentionDays", () => {
      for (const [id, group] of Object.entries(template.findResources('AWS::Logs::LogGroup'))) {
        expect({ id, days: group.Properties.RetentionInDays }).toEqual({ id, days: stage.settings.logRetentionDays });
      }
    });

    test('a log group with a fixed name never outlives a failed create: deleted on its rollback, retained otherwise in retain stages', () => {
      // A retained group with a fixed name would survive the rollback of a failed first deploy, and the next deploy
      // would fail with "already exists". RetainExceptOnCreate deletes it only when the operation that created it
      // rolls back; updates and stack deletions keep it.
      const named = Object.entries(template.findResources('AWS::Logs::LogGroup')).filter(([, g]) => g.Properties.LogGroupName !== undefined);
      expect(named.map(([id]) => id).sort()).toEqual([logicalId(stack.escalation.logGroup), logicalId(stack.sla.logGroup)].sort());
      const expected =
        stage.settings.dataRemovalPolicy === 'retain'
          ? { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' }
          : { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' };
      for (const [id, group] of named) {
        expect({ id, DeletionPolicy: group.DeletionPolicy, UpdateReplacePolicy: group.UpdateReplacePolicy }).toEqual({ id, ...expected });
      }
    });

    test('the DLQ keeps messages 14 days; the table has point-in-time recovery and a TTL', () => {
      const dlq = template.findResources('AWS::SQS::Queue')[logicalId(stack.eventsQueue.deadLetterQueue)];
      expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 86_400);
      const table = template.findResources('AWS::DynamoDB::Table')[logicalId(stack.casesTable.table)];
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.TimeToLiveSpecification.Enabled).toBe(true);
    });

    test("the classifier keeps raw text for the stage's rawTextRetentionDays (0: never stored)", () => {
      const fn = template.findResources('AWS::Lambda::Function')[logicalId(stack.classifier.function.fn)];
      expect(fn.Properties.Environment.Variables[ENV.rawTextRetentionDays]).toBe(String(stage.settings.rawTextRetentionDays));
    });
  });

  describe('no secret in a Lambda environment', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const secretId = logicalId(stack.appSecrets.secret);
    /** Names that announce a secret; the two allowed ones carry the secret's ARN and its cache age. */
    const SECRET_NAME = /SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE|CREDENTIAL|AUTH/i;
    const ALLOWED_NAMES: Record<string, (value: unknown) => boolean> = {
      [ENV.appSecretsArn]: (v) => JSON.stringify(v) === JSON.stringify(ref(stack.appSecrets.secret)),
      [ENV.secretsMaxAgeSeconds]: (v) => typeof v === 'string' && /^\d+$/.test(v),
    };
    const knownSecrets = Object.values(LOCAL_SECRET_DEFAULTS);
    /** A long run of token characters mixing letters and digits, as generated keys and tokens look. */
    const looksGenerated = (v: string) => /^[A-Za-z0-9+/_=-]{24,}$/.test(v) && /\d/.test(v) && /[A-Za-z]/.test(v);

    test.each(Object.keys(functions))('%s', (id) => {
      const variables: Record<string, unknown> = functions[id]!.Properties.Environment?.Variables ?? {};
      for (const [name, value] of Object.entries(variables)) {
        const json = JSON.stringify(value);
        const problems: string[] = [];
        if (SECRET_NAME.test(name) && !(ALLOWED_NAMES[name]?.(value) ?? false)) problems.push('secret-like name');
        if (/resolve:(secretsmanager|ssm-secure)/.test(json)) problems.push('dynamic reference to a secret value');
        if (json.includes(secretId) && name !== ENV.appSecretsArn) problems.push('refers to the app secret');
        if (typeof value === 'string') {
          if (value.startsWith('whsec_') || knownSecrets.some((s) => value.includes(s))) problems.push('a known secret');
          if (looksGenerated(value)) problems.push('looks like a generated token');
        }
        expect({ name, problems }).toEqual({ name, problems: [] });
      }
    });
  });
});
