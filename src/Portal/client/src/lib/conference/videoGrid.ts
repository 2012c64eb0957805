// The other participants' pictures: one tile per remote stream (one per participant), in a grid that
// reflows with the number of tiles. A tile goes when its participant leaves or its tracks end.
import { t } from './strings';

interface Tile {
  element: HTMLElement;
  video: HTMLVideoElement;
  stream: MediaStream;
}

export class VideoGrid {
  private readonly tiles = new Map<string, Tile>();
  private muted = false;

  constructor(private readonly grid: HTMLElement, private readonly onAutoplayBlocked: () => void) {}

  get size(): number { return this.tiles.size; }

  addTrack(streamId: string, track: MediaStreamTrack): void {
    const tile = this.tiles.get(streamId) ?? this.createTile(streamId);
    if (!tile.stream.getTracks().includes(track)) tile.stream.addTrack(track);
    track.addEventListener('ended', () => this.removeTrack(track.id));
    this.play(tile);
  }

  /** Keeps only the tracks in liveTrackIds (after a renegotiation stopped some). */
  retain(liveTrackIds: Set<string>): void {
    for (const tile of [...this.tiles.values()]) {
      for (const track of tile.stream.getTracks()) {
        if (!liveTrackIds.has(track.id)) this.removeTrack(track.id);
      }
    }
  }

  remove(streamId: string): void {
    const tile = this.tiles.get(streamId);
    if (!tile) return;
    this.tiles.delete(streamId);
    tile.video.srcObject = null;
    tile.element.remove();
    this.layout();
  }

  /** After the user allowed sound (autoplay with sound was refused). */
  unmute(): void {
    this.muted = false;
    for (const tile of this.tiles.values()) {
      tile.video.muted = false;
      void tile.video.play().catch(() => undefined);
    }
  }

  relabel(): void {
    for (const tile of this.tiles.values()) tile.video.setAttribute('aria-label', t('participantVideo'));
  }

  clear(): void {
    for (const id of [...this.tiles.keys()]) this.remove(id);
  }

  private removeTrack(trackId: string): void {
    for (const [streamId, tile] of this.tiles) {
      const track = tile.stream.getTracks().find(candidate => candidate.id === trackId);
      if (!track) continue;
      tile.stream.removeTrack(track);
      if (tile.stream.getTracks().length === 0) this.remove(streamId);
    }
  }

  private createTile(streamId: string): Tile {
    const element = document.createElement('div');
    element.className = 'tile';
    element.dataset.streamId = streamId;
    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;
    video.muted = this.muted;
    video.setAttribute('aria-label', t('participantVideo'));
    const stream = new MediaStream();
    video.srcObject = stream;
    element.append(video);
    this.grid.append(element);
    const tile = { element, video, stream };
    this.tiles.set(streamId, tile);
    this.layout();
    return tile;
  }

  private play(tile: Tile): void {
    tile.video.play().catch(() => {
      // Autoplay with sound refused until the user interacts: play muted and offer a button for sound.
      if (tile.video.muted) return;
      this.muted = true;
      for (const other of this.tiles.values()) other.video.muted = true;
      void tile.video.play().catch(() => undefined);
      this.onAutoplayBlocked();
    });
  }

  private layout(): void {
    this.grid.dataset.count = String(this.tiles.size);
  }
}
