/**
 * Turns a synthesized Step Functions `DefinitionString` back into the ASL object: a plain string as it is today,
 * or the `Fn::Join` CDK writes once a Task state references a function, topic or table. Refs and GetAtts become
 * stable placeholders derived from the referenced resource's type; anything else throws, so the comparison never
 * passes by skipping what it does not understand.
 */

type TemplateJson = { Resources: Record<string, { Type: string }> };

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
};

function placeholder(tpl: TemplateJson, id: string, attr?: string): string {
  const resource = tpl.Resources[id];
  if (!resource) throw new Error(`reference to ${id}, which is not in the template`);
  const key = `${resource.Type}${attr ? `.${attr}` : ''}`;
  switch (key) {
    case 'AWS::Lambda::Function':
      return id;
    case 'AWS::Lambda::Function.Arn':
      return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${id}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${REGION}:${ACCOUNT}:${id}`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${id}`;
    case 'AWS::SQS::Queue.Arn':
      return `arn:aws:sqs:${REGION}:${ACCOUNT}:${id}`;
    case 'AWS::DynamoDB::Table':
      return id;
    case 'AWS::DynamoDB::Table.Arn':
      return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${id}`;
    default:
      throw new Error(`no placeholder for ${key} (${id}): extend test/infra/asl.ts`);
  }
}

export function resolveIntrinsics(tpl: TemplateJson, node: unknown): string {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (keys.length === 1 && keys[0] === 'Fn::Join') {
      const [sep, parts] = obj['Fn::Join'] as [string, unknown[]];
      return parts.map((p) => resolveIntrinsics(tpl, p)).join(sep);
    }
    if (keys.length === 1 && keys[0] === 'Ref') {
      const ref = obj['Ref'] as string;
      return PSEUDO[ref] ?? placeholder(tpl, ref);
    }
    if (keys.length === 1 && keys[0] === 'Fn::GetAtt') {
      const [id, attr] = obj['Fn::GetAtt'] as [string, string];
      return placeholder(tpl, id, attr);
    }
  }
  throw new Error(`unsupported intrinsic in a state machine definition: ${JSON.stringify(node)}`);
}

/** The ASL object a state machine resource deploys. */
export function deployedDefinition(tpl: TemplateJson, stateMachineLogicalId: string): unknown {
  const sm = (tpl.Resources[stateMachineLogicalId] as unknown as { Properties: { DefinitionString: unknown } }) ?? undefined;
  if (!sm) throw new Error(`no state machine ${stateMachineLogicalId}`);
  return JSON.parse(resolveIntrinsics(tpl, sm.Properties.DefinitionString));
}
