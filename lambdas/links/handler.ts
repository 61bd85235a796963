import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { escalationPorts } from '../adapters/escalation-ports';
import { METRICS_NAMESPACE, publishMetrics } from '../adapters/metrics';
import { traceHandler } from '../adapters/tracing';
import { acknowledge, chooseOffer, type PageResult, viewAck, viewOffer } from '../domain/escalation/respond';
import { renderAckPage } from '../domain/pages/ack';
import { readForm } from '../domain/pages/form';
import { page, pageHeaders } from '../domain/pages/layout';
import { renderOfferPage } from '../domain/pages/offer';

/**
 * The pages behind the links sent by SMS and email: /ack/{code} for the on-call contact, /offer/{code} for the
 * customer. The code in the URL is the credential (no login on a phone at 3 a.m.); GET only shows, POST acts.
 * Pages are plain HTML with no script, sent with a CSP that allows none, no-store, and no referrer (the URL holds
 * the code).
 */

export const logger = new Logger({ serviceName: 'link-pages' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'link-pages' });

const ports = escalationPorts(process.env, metrics);

function html(status: number, body: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: pageHeaders(), body };
}

const TOO_LARGE = () => html(413, page({ title: 'Too much', body: '<h1>That was more than this form sends</h1><p>Please go back and try again.</p>' }));

export async function route(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const code = event.pathParameters?.['code'] ?? '';
  const method = event.requestContext.http.method;
  const render = <V>(result: PageResult<V>, renderer: (v: V) => string) => html(result.status, renderer(result.view));
  switch (event.routeKey) {
    case 'GET /ack/{code}':
      return render(await viewAck(code, ports), renderAckPage);
    case 'POST /ack/{code}': {
      // The acknowledgement form has no fields: its body is only measured.
      const form = readForm(event.body, event.isBase64Encoded);
      if (!form.ok && form.status === 413) return TOO_LARGE();
      return render(await acknowledge(code, ports), renderAckPage);
    }
    case 'GET /offer/{code}':
      return render(await viewOffer(code, ports), renderOfferPage);
    case 'POST /offer/{code}': {
      const form = readForm(event.body, event.isBase64Encoded);
      if (!form.ok && form.status === 413) return TOO_LARGE();
      // A field sent twice: the choice page again with its error (400), nothing used up.
      if (!form.ok) return render(await viewOffer(code, ports, { error: 'Please choose one option and send the form once.', values: {} }), renderOfferPage);
      return render(await chooseOffer(code, form.form, ports), renderOfferPage);
    }
    default:
      logger.warn('unrouted', { method });
      return html(404, page({ title: 'Not found', body: '<h1>Not found</h1>' }));
  }
}

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(traceHandler())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  // The route key (`GET /ack/{code}`) on every line; the code itself is a credential and is never logged or traced.
  .use({ before: async (request) => logger.appendKeys({ route: request.event.routeKey }) })
  .use(publishMetrics(metrics))
  .use({
    onError: async (request) => {
      // Only the error's name: the code in the path is a credential and must not reach the logs.
      logger.error('link page failed', { errorName: request.error?.name ?? 'unknown' });
      request.response = html(
        500,
        page({ title: 'Something went wrong', body: '<h1>Something went wrong on our side</h1><p>Nothing was changed. Please try the link again in a minute.</p>' }),
      );
    },
  })
  .handler(async (event) => {
    const response = await route(event);
    // The route key has `{code}`, never the code itself.
    logger.info('link page', { status: response.statusCode });
    return response;
  });
