import { disposeImageMaps, type ImageMaps } from '../model/cnn/imageFeatures';

/** How many photos keep their CNN maps on the backend (~16 MB each at 384²: 5 views of 96×96×80 heat-maps dominate). */
export const MAP_CACHE_SIZE = 2;

/** A photo's maps with its size in pixels (for the evidence map's aspect). */
export interface CachedMaps {
  maps: ImageMaps;
  width: number;
  height: number;
}

/**
 * The last few photos' CNN maps, kept on the backend so an evidence map never re-runs the CNN;
 * least recently used first out, disposed when evicted or deleted.
 */
export class MapCache {
  private readonly entries = new Map<string, CachedMaps>();

  constructor(readonly capacity = MAP_CACHE_SIZE) {}

  /** The maps of a photo (and marks them most recently used), or undefined. */
  get(imageId: string): CachedMaps | undefined {
    const e = this.entries.get(imageId);
    if (e) {
      this.entries.delete(imageId);
      this.entries.set(imageId, e);
    }
    return e;
  }

  /** Keeps a photo's maps (the cache owns them from now on), evicting the least recently used. */
  set(imageId: string, entry: CachedMaps): void {
    this.delete(imageId);
    this.entries.set(imageId, entry);
    while (this.entries.size > this.capacity) this.delete(this.entries.keys().next().value!);
  }

  delete(imageId: string): void {
    const e = this.entries.get(imageId);
    if (!e) return;
    this.entries.delete(imageId);
    disposeImageMaps(e.maps);
  }

  clear(): void {
    [...this.entries.keys()].forEach((id) => this.delete(id));
  }

  get size(): number {
    return this.entries.size;
  }
}
