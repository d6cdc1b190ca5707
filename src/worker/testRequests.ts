import * as tf from '@tensorflow/tfjs';
import { destroyWebGpuDevice } from './backendInit';
import { runBenchmark } from './benchmark';
import type { InferenceEngine } from './engine';
import { decodeImage } from './imageDecode';
import type { BackendName } from './protocol';
import type { TestReplyBody, TestRequest } from './testProtocol';

/** Answers the tests' and the benchmark's requests (loaded by the worker on the first one). */
export async function handleTestRequest(req: TestRequest, engine: () => InferenceEngine): Promise<TestReplyBody> {
  switch (req.type) {
    case 'benchmark': {
      const decoded = await decodeImage(req.file, req.name);
      const r = await runBenchmark(engine(), decoded.image, req.cnnRuns, req.beamRuns, req.beamWidths, req.perViewRuns ?? 0);
      return { type: 'benchmark', result: { backend: tf.getBackend() as BackendName, ...r } };
    }
    case 'loseDevice':
      return { type: 'deviceDestroyed', destroyed: destroyWebGpuDevice() };
  }
}
