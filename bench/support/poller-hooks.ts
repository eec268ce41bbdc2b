import type { SQSClient } from '@aws-sdk/client-sqs';
import { type PollerOptions, QueuePoller } from '../../local/queue-poller.ts';

/** One handler invocation as the local runner made it: what Lambda would bill. */
export interface Invocation {
  functionName: string;
  durationMs: number;
  records: number;
}

export interface PollerHookOptions {
  /** Keep the queue pollers from starting: the hub takes requests but works on none. */
  hold?: boolean;
  /** Each poller's SQS client, for metering. */
  onClient?: (client: SQSClient) => void;
  onInvocation?: (invocation: Invocation) => void;
}

/**
 * The local runner builds its queue pollers inside `startHub`; this reaches them as they start
 * (through `QueuePoller.prototype.start`) to hold them, meter their SQS client and time each
 * handler invocation. Returns the function that puts the original `start` back.
 */
export function hookQueuePollers(options: PollerHookOptions): () => void {
  const original = QueuePoller.prototype.start;
  QueuePoller.prototype.start = function start(this: QueuePoller) {
    const pollerOptions = (this as unknown as { options: PollerOptions }).options;
    options.onClient?.(pollerOptions.client);
    if (options.hold) return;
    const handler = pollerOptions.handler;
    const onInvocation = options.onInvocation;
    if (onInvocation) {
      pollerOptions.handler = async (event, context) => {
        const started = performance.now();
        try {
          return await handler(event, context);
        } finally {
          onInvocation({
            functionName: pollerOptions.functionName,
            durationMs: performance.now() - started,
            records: event.Records.length,
          });
        }
      };
    }
    original.call(this);
  };
  return () => {
    QueuePoller.prototype.start = original;
  };
}
