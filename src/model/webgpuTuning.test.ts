import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../test/tfSetup';
import { tuneWebgpu, WEBGPU_SUBMIT_BATCH } from './webgpuTuning';

beforeAll(useCpuBackend);

describe('tuneWebgpu', () => {
  it('changes nothing on another backend', () => {
    expect(tf.getBackend()).not.toBe('webgpu');
    expect(tuneWebgpu()).toBe(false);
    expect(WEBGPU_SUBMIT_BATCH).toBeGreaterThan(15); // above tfjs's default, or it would change nothing
  });
});
