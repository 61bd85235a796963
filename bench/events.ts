import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Delivery } from '../test/helpers/deliveries';
export { lambdaContext } from '../local/http-front';

/** A POST delivery as API Gateway hands it to the Lambda (payload v2), for in-process handler timing. */
export function toApiGatewayEventForBench(d: Delivery): APIGatewayProxyEventV2 {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `POST ${d.path}`,
    rawPath: d.path,
    rawQueryString: '',
    headers: d.headers,
    isBase64Encoded: false,
    body: String(d.body),
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      domainName: 'bench',
      domainPrefix: 'bench',
      http: { method: 'POST', path: d.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: String(now),
      routeKey: `POST ${d.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
  };
}
