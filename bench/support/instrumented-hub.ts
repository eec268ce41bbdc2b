import { documentClient, sqsClient } from '../../functions/aws/clients.ts';
import { type HubOptions, type RunningHub, startHub } from '../../local/hub.ts';
import { AwsMeter } from './aws-meter.ts';
import { hookQueuePollers } from './poller-hooks.ts';
import { SettlementWatch } from './settlement-watch.ts';

/** Handler invocations of one function, as Lambda would bill them. */
export interface FunctionTime {
  invocations: number;
  totalMs: number;
  records: number;
}

/** A local hub with the bench's instruments on its SDK clients and queue pollers. */
export interface InstrumentedHub {
  hub: RunningHub;
  meter: AwsMeter;
  watch: SettlementWatch;
  /** Handler time by function name since the last `takeFunctionTimes`. */
  takeFunctionTimes(): Record<string, FunctionTime>;
}

/**
 * Starts the local runner in this process with every instrument attached: the AWS meter and
 * the settlement watch on the handlers' singleton clients, the meter and a timer on the queue
 * pollers. `hold` keeps the pollers from starting, so that nothing but the API runs.
 */
export async function startInstrumentedHub(
  options: HubOptions & { hold?: boolean },
): Promise<InstrumentedHub> {
  const meter = new AwsMeter();
  const watch = new SettlementWatch();
  let times: Record<string, FunctionTime> = {};
  const unhook = hookQueuePollers({
    hold: options.hold,
    onClient: (client) => meter.attachSqs(client),
    onInvocation: ({ functionName, durationMs, records }) => {
      const time = times[functionName] ?? { invocations: 0, totalMs: 0, records: 0 };
      times[functionName] = time;
      time.invocations += 1;
      time.totalMs += durationMs;
      time.records += records;
    },
  });
  let hub: RunningHub;
  try {
    hub = await startHub(options);
  } finally {
    unhook();
  }
  // The handlers create these singletons from the hub's environment, which startHub has set.
  meter.attachDynamo(documentClient());
  meter.attachSqs(sqsClient());
  watch.attach(documentClient());
  return {
    hub,
    meter,
    watch,
    takeFunctionTimes() {
      const taken = times;
      times = {};
      return taken;
    },
  };
}
