// Minimal typings for the parts of autocannon 9 the load test and bench use (it ships none).
declare module 'autocannon' {
  namespace autocannon {
    interface RequestParams {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
    }
    interface Request extends RequestParams {
      /** Builds each request as it is sent; `context` is per connection, shared with `onResponse`. */
      setupRequest?: (request: RequestParams, context: Record<string, unknown>) => RequestParams;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
    }
    interface Options {
      url: string;
      connections?: number;
      pipelining?: number;
      /** Total requests to send, spread over the connections. */
      amount?: number;
      duration?: number;
      /** Requests per second over all connections (paces the run). */
      overallRate?: number;
      /** Seconds before a request counts as timed out. */
      timeout?: number;
      requests?: Request[];
    }
    interface Result {
      duration: number;
      errors: number;
      timeouts: number;
      resets: number;
      non2xx: number;
      '2xx': number;
      totalRequests: number;
      totalCompletedRequests: number;
      statusCodeStats: Record<string, { count: number }>;
      latency: { average: number; p50: number; p99: number; max: number };
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
