import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { NANODET_INPUT_SIZE } from '../config';
import { nanodetInput } from './nanodet';

describe('nanodetInput', () => {
  beforeAll(useCpuBackend);

  it('resizes the photo to NanoDet’s square side and scales it to 0..1, leaking nothing', async () => {
    const rgb = tf.fill([1, 30, 50, 3], 255) as tf.Tensor4D;
    const input = await expectNoLeak(() => nanodetInput(rgb), (t) => t.dispose());
    rgb.dispose();
    expect(input.shape).toEqual([1, NANODET_INPUT_SIZE, NANODET_INPUT_SIZE, 3]);
  });

  it('keeps the value scale: 255 becomes 1, 51 becomes 0.2', () => {
    const rgb = tf.concat([tf.fill([1, 8, 4, 3], 255), tf.fill([1, 8, 4, 3], 51)], 2) as tf.Tensor4D;
    const input = nanodetInput(rgb);
    const v = input.dataSync();
    expect(v[0]).toBeCloseTo(1, 6);
    expect(v[(NANODET_INPUT_SIZE - 1) * 3]).toBeCloseTo(0.2, 6); // last column of the first row
    tf.dispose([rgb, input]);
  });
});
