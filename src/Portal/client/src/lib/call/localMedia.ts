// The camera and microphone of this browser: started once per page, switched on and off in place
// (track.enabled), so the peer connection never needs renegotiating for it.

export class LocalMedia {
  private constructor(readonly stream: MediaStream | null) {}

  static async start(): Promise<LocalMedia> {
    if (!navigator.mediaDevices?.getUserMedia) return new LocalMedia(null);
    try {
      return new LocalMedia(await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true },
        video: { width: { ideal: 1280 }, height: { ideal: 720 } },
      }));
    } catch {
      try {
        // No camera (or it is busy): sound alone is still a consultation.
        return new LocalMedia(await navigator.mediaDevices.getUserMedia({ audio: true }));
      } catch {
        return new LocalMedia(null);
      }
    }
  }

  get hasVideo(): boolean { return (this.stream?.getVideoTracks().length ?? 0) > 0; }
  get hasAudio(): boolean { return (this.stream?.getAudioTracks().length ?? 0) > 0; }

  /** Turns the tracks of one kind on or off; returns whether they are on now. */
  toggle(kind: 'audio' | 'video'): boolean {
    const tracks = kind === 'audio' ? this.stream?.getAudioTracks() : this.stream?.getVideoTracks();
    if (!tracks?.length) return false;
    const on = !tracks[0].enabled;
    for (const track of tracks) track.enabled = on;
    return on;
  }

  stop(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
  }
}
