/** Model constants shared by the browser and the training CLI. */

/**
 * CenterNet's input side (pixels) for each view; the whole image is resized bilinearly to this
 * square. The graph was exported for 512²; it runs at 384² (inputSizeGraph.ts keeps every map's
 * stride), 0.56× the arithmetic: the CNN pass is most of a cold training and of the first result.
 */
export const BACKBONE_INPUT_SIZE = 384;
export const BACKBONE_INPUT_NODE = 'tower_0/images';
/** MobileNetV3's last 1×1 expansion (side/32 square × 480: 12×12 at 384²): the richest global features. */
export const BACKBONE_EXTERN_NODE = 'tower_0/extern1/hard_swish/mul_1';
/** CenterNet head's own global average of its (side/4)²×128 decoder map (input of its SE block). */
export const BACKBONE_HEAD_MEAN_NODE = 'tower_0/CenternetHead/Mean';
/** Per-class COCO centre heat-maps, (side/4)²×80 (96×96 at 384²), already sigmoid. */
export const BACKBONE_KEYPOINTS_NODE = 'tower_0/keypoints';
/** Input pixels per heat-map cell (and per box-extent cell): the heat-maps are side/4 square. */
export const HEATMAP_STRIDE = 4;
/** Box extents (left, top, right, bottom, input pixels) at each heat-map cell, (side/4)²×4. */
export const BACKBONE_WH_NODE = 'tower_0/wh';

export const EXTERN_CHANNELS = 480;
export const HEAD_MEAN_CHANNELS = 128;
export const COCO_CLASSES = 80;

/**
 * One CNN view's pooled maps:
 * [ GAP(extern1) 480 | GMP(extern1) 480 | head mean 128 | spatial max of heat-maps 80 ].
 */
export const VIEW_DIM = EXTERN_CHANNELS * 2 + HEAD_MEAN_CHANNELS + COCO_CLASSES;
/** Offset of the heat-map maxima inside a view. */
export const VIEW_KEYPOINTS_OFFSET = VIEW_DIM - COCO_CLASSES;

/**
 * Four overlapping corner tiles, each 60% of the image side ([y1, x1, y2, x2], fractions), seen
 * at the CNN's full input side: small objects (bottles, plants, birds) get 1/0.6 ≈ 1.7× more pixels.
 */
export const TILE_SIZE = 0.6;
export const TILE_BOXES: readonly (readonly [number, number, number, number])[] = [
  [0, 0, TILE_SIZE, TILE_SIZE], [0, 1 - TILE_SIZE, TILE_SIZE, 1],
  [1 - TILE_SIZE, 0, 1, TILE_SIZE], [1 - TILE_SIZE, 1 - TILE_SIZE, 1, 1],
];
/** Tiles pooled across the 4 tiles: [ mean GAP 480 | max GMP 480 | max heat-map 80 ]. */
export const TILES_DIM = EXTERN_CHANNELS * 2 + COCO_CLASSES;

/**
 * Length of the image representation I (its parts: FEATURE_LAYOUT in featureLayout.ts; why:
 * models/head/MODEL_CARD.md): whole view 1168 + tiles 1040 + detection statistics of the whole
 * view and of the tiles 2 × 560 + NanoDet 400 = 3728.
 */
export const FEATURE_DIM = VIEW_DIM + TILES_DIM + 2 * 7 * COCO_CLASSES + 5 * COCO_CLASSES;

/** Heat-map peak-count thresholds of the detection statistics (see detectionStats.ts). */
export const PEAK_THRESHOLDS: readonly number[] = [0.1, 0.3];
/** Per view: 2nd and 3rd peak, 2 peak counts, mean, best box width and height, per COCO class. */
export const DETECTION_STATS_DIM = 7 * COCO_CLASSES;
/** One view's raw features: the pooled maps (VIEW_DIM) then the detection statistics. */
export const RAW_VIEW_DIM = VIEW_DIM + DETECTION_STATS_DIM;
/** The CNN's views of a photo, run as one batch: the whole image, then the 4 tiles. */
export const NUM_VIEWS = 1 + TILE_BOXES.length;
/** extern1 of the whole image, averaged over each quarter (2×2 grid, row-major): 4 × 480. */
export const GRID_DIM = 4 * EXTERN_CHANNELS;

/** NanoDet (COCO, same npm package): input side, NCHW, pixels scaled to 0..1. */
export const NANODET_INPUT_SIZE = 416;
export const NANODET_INPUT_NODE = 'input_1';
/** Its three score outputs, per anchor and COCO class (sigmoid): strides 8, 16, 32. */
export const NANODET_SCORE_CELLS: readonly number[] = [2704, 676, 169];
/** NanoDet statistics: per-stride max 3 × 80 | 2nd best over all anchors 80 | anchors > 0.3 80. */
export const NANODET_DIM = 5 * COCO_CLASSES;

/**
 * Everything the CNNs give for one photo (the cache keeps this; I is chosen from it):
 * [ NUM_VIEWS × RAW_VIEW_DIM | GRID_DIM | NANODET_DIM ].
 */
export const RAW_DIM = NUM_VIEWS * RAW_VIEW_DIM + GRID_DIM + NANODET_DIM;

/** Images larger than this (either side) are rejected before decoding, in the browser. */
export const MAX_IMAGE_SIDE = 16384;

