/**
 * The app secret's initial value: it must have exactly the fields of schemas/app-secrets.ts, and it must fail
 * closed (rejected by the schema) until ops replace the null platform fields.
 */
import { AppSecretsSchema } from '../../schemas/app-secrets';
import { logicalId, synthStack } from './helpers';

const { stack, template } = synthStack();
const secretId = logicalId(stack.appSecrets.secret);
const secret = template.findResources('AWS::SecretsManager::Secret')[secretId];
const generator = secret.Properties.GenerateSecretString;
const initialJson = JSON.parse(generator.SecretStringTemplate) as Record<string, unknown>;
/** What Secrets Manager stores on creation: the template plus the generated key. */
const initialValue = { ...initialJson, [generator.GenerateStringKey]: 'x'.repeat(generator.PasswordLength) };

test('the stack has one secret, kept when the stack is deleted', () => {
  template.resourceCountIs('AWS::SecretsManager::Secret', 1);
  expect(secret.DeletionPolicy).toBe('Retain');
  expect(secret.UpdateReplacePolicy).toBe('Retain');
});

test('the initial value has exactly the fields of the schema', () => {
  expect(Object.keys(initialValue).sort()).toEqual(Object.keys(AppSecretsSchema.shape).sort());
});

test('the generated staffApiToken satisfies the schema: letters and digits, 16 characters or more', () => {
  expect(generator.GenerateStringKey).toBe('staffApiToken');
  expect(generator.ExcludePunctuation).toBe(true);
  expect(generator.PasswordLength).toBeGreaterThanOrEqual(16);
});

test('fails closed: the initial value is rejected until ops fill in the platform fields', () => {
  // Arrange: what ops paste in after the first deploy
  const filled = { ...initialValue, metaAppSecret: 'meta', metaVerifyToken: 'verify', xConsumerSecret: 'x' };
  // Act / Assert
  expect(AppSecretsSchema.safeParse(initialValue).success).toBe(false);
  expect(AppSecretsSchema.safeParse(filled).success).toBe(true);
});
