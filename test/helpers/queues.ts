import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Reads (and deletes) every message now on a queue, through the real SQS API of the emulator. */
export async function drainQueue(endpoint: string, queueUrl: string, { waitForAtLeast = 0, timeoutMs = 3000 } = {}) {
  const sqs = new SQSClient({ endpoint, region: 'us-east-1', useQueueUrlAsEndpoint: false });
  const bodies: { body: unknown; attributes: Record<string, string | undefined> }[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const out = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'] }),
      );
      const messages = out.Messages ?? [];
      for (const m of messages) {
        const attributes: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(m.MessageAttributes ?? {})) attributes[k] = v.StringValue;
        bodies.push({ body: parseBody(m.Body ?? ''), attributes });
      }
      if (messages.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }),
        );
        continue;
      }
      if (bodies.length >= waitForAtLeast || Date.now() > deadline) return bodies;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    sqs.destroy();
  }
}
