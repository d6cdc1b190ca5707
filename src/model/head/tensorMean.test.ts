import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { meanOf } from './tensorMean';

beforeAll(useCpuBackend);

describe('meanOf (an ensemble mean without tf.addN)', () => {
  it('averages any number of tensors, 9 members included, without leaking', async () => {
    for (const n of [1, 2, 7, 9]) {
      const ts = Array.from({ length: n }, (_, i) => tf.tensor2d([[i, 2 * i, -i]]));
      await expectNoLeak(() => meanOf(ts), (t) => t.dispose()); // no intermediate left behind
      const t = meanOf(ts);
      const mean = t.dataSync();
      t.dispose();
      const m = (n - 1) / 2;
      expect(Array.from(mean)).toEqual([m, 2 * m, -m].map((v) => expect.closeTo(v, 6)));
      tf.dispose(ts);
    }
    expect(() => meanOf([])).toThrow(/at least one/);
  });
});
