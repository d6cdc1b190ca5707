import { create } from 'zustand';
import { createDecodeSlice } from './decodeSlice';
import { createEvidenceSlice } from './evidenceSlice';
import { createExplainSlice } from './explainSlice';
import { createGuideSlice } from './guideSlice';
import { createImagesSlice } from './imagesSlice';
import { createModelSlice } from './modelSlice';
import type { AppState } from './types';

/** The one app store, bound from its slices. */
export const useStore = create<AppState>()((...a) => ({
  ...createModelSlice(...a),
  ...createImagesSlice(...a),
  ...createDecodeSlice(...a),
  ...createEvidenceSlice(...a),
  ...createExplainSlice(...a),
  ...createGuideSlice(...a),
}));

/** The selected image, derived (never stored twice). */
export const selectSelectedImage = (s: AppState) => s.images.find((i) => i.id === s.selectedId) ?? null;
