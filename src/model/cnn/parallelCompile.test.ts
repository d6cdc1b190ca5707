import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeak, useCpuBackend } from '../../test/tfSetup';
import { compileInParallel } from './parallelCompile';

beforeAll(useCpuBackend);

describe('compileInParallel', () => {
  it('runs nothing and says so on a backend without pipelines to compile', async () => {
    let built = 0;
    const compiled = await expectNoLeak(() => compileInParallel(() => { built++; return tf.ones([2]); }));
    expect(compiled).toBe(false);
    expect(built).toBe(0);
  });
});
