/** Model constants shared by the browser and the training CLI. */

/** CenterNet input side (pixels); the whole image is resized bilinearly to this square. */
export const BACKBONE_INPUT_SIZE = 512;
export const BACKBONE_INPUT_NODE = 'tower_0/images';
/** MobileNetV3's last 1×1 expansion (16×16×480 at 512² input): the richest global features. */
export const BACKBONE_EXTERN_NODE = 'tower_0/extern1/hard_swish/mul_1';
/** CenterNet head's own global average of its 128×128×128 decoder map (input of its SE block). */
export const BACKBONE_HEAD_MEAN_NODE = 'tower_0/CenternetHead/Mean';
/** Per-class COCO centre heat-maps, 128×128×80, already sigmoid. */
export const BACKBONE_KEYPOINTS_NODE = 'tower_0/keypoints';

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
 * at the CNN's full 512² input: small objects (bottles, plants, birds) get ~1.7× more pixels.
 */
export const TILE_SIZE = 0.6;
export const TILE_BOXES: readonly (readonly [number, number, number, number])[] = [
  [0, 0, TILE_SIZE, TILE_SIZE], [0, 1 - TILE_SIZE, TILE_SIZE, 1],
  [1 - TILE_SIZE, 0, 1, TILE_SIZE], [1 - TILE_SIZE, 1 - TILE_SIZE, 1, 1],
];
/** Tiles pooled across the 4 tiles: [ mean GAP 480 | max GMP 480 | max heat-map 80 ]. */
export const TILES_DIM = EXTERN_CHANNELS * 2 + COCO_CLASSES;

/**
 * The image representation I (see models/head/MODEL_CARD.md for why): the whole image's view,
 * then the pooled tiles. FEATURE_DIM = 1168 + 1040.
 */
export const FEATURE_DIM = VIEW_DIM + TILES_DIM;

/** Images larger than this (either side) are rejected before decoding, in the browser. */
export const MAX_IMAGE_SIDE = 16384;

