import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Bytes of memory at one moment. */
export interface MemoryPoint {
  rss: number;
  heapUsed: number;
}

let collect: (() => void) | undefined;

/**
 * A full garbage collection. The bench runs with `--expose-gc`; without it the flag is set at
 * run time and a fresh context hands out `gc`, the documented V8 way.
 */
export function forceGc(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') collect = exposed;
    else {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
  }
  collect();
}

/** Heap and RSS after two full collections and a turn of the event loop for finalizers. */
export async function settledMemory(): Promise<MemoryPoint> {
  forceGc();
  await new Promise((resolve) => setTimeout(resolve, 50));
  forceGc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed };
}

/** Samples RSS and heap every `everyMs` and keeps the peaks. */
export function samplePeaks(everyMs = 200): { stop(): MemoryPoint } {
  const peak: MemoryPoint = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heapUsed = Math.max(peak.heapUsed, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

export const mib = (bytes: number) => bytes / (1024 * 1024);
