import { getClient } from './store/clientRef';
import { useStore } from './store/store';
import type { BenchmarkResult } from './worker/testProtocol';

/** Read-only hooks for end-to-end tests and the benchmark (window.__beamsight). */
export interface TestHook {
  state: () => ReturnType<typeof useStore.getState>;
  memory: () => Promise<{ numTensors: number; numBytes: number; cachedImages: number; cnnRuns: number }>;
  loseDevice: () => Promise<boolean>;
  benchmark: (file: Blob, cnnRuns: number, beamRuns: number, beamWidths: number[], perViewRuns?: number) => Promise<BenchmarkResult>;
}

export function installTestHook(): void {
  const hook: TestHook = {
    state: () => useStore.getState(),
    memory: async () => {
      const m = await getClient().call({ type: 'memory' }, 'memory');
      return { numTensors: m.numTensors, numBytes: m.numBytes, cachedImages: m.cachedImages, cnnRuns: m.cnnRuns };
    },
    loseDevice: async () => (await getClient().call({ type: 'loseDevice' }, 'deviceDestroyed')).destroyed,
    benchmark: async (file, cnnRuns, beamRuns, beamWidths, perViewRuns) => (await getClient().call({
      type: 'benchmark', file, name: 'bench.jpg', cnnRuns, beamRuns, beamWidths, perViewRuns,
    }, 'benchmark')).result,
  };
  (window as unknown as { __beamsight: TestHook }).__beamsight = hook;
}
