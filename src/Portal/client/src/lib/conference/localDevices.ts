// Camera and microphone for the conference: started once, switched on and off in place (track.enabled), so the
// publisher connection never renegotiates for it.

export class LocalDevices {
  private constructor(readonly stream: MediaStream | null) {}

  static async start(small: boolean): Promise<LocalDevices> {
    if (!navigator.mediaDevices?.getUserMedia) return new LocalDevices(null);
    const video: MediaTrackConstraints = small
      ? { width: { exact: 320 }, height: { exact: 240 }, frameRate: { max: 15 } }
      : { width: { ideal: 1280 }, height: { ideal: 720 } };
    try {
      return new LocalDevices(await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true }, video }));
    } catch {
      try {
        // No camera (or it is busy): sound alone still takes part.
        return new LocalDevices(await navigator.mediaDevices.getUserMedia({ audio: true }));
      } catch {
        return new LocalDevices(null);
      }
    }
  }

  has(kind: 'audio' | 'video'): boolean {
    return (this.stream?.getTracks().some(track => track.kind === kind)) ?? false;
  }

  isOn(kind: 'audio' | 'video'): boolean {
    return this.stream?.getTracks().some(track => track.kind === kind && track.enabled) ?? false;
  }

  /** Turns the tracks of one kind on or off; returns whether they are on now. */
  toggle(kind: 'audio' | 'video'): boolean {
    const tracks = this.stream?.getTracks().filter(track => track.kind === kind) ?? [];
    if (!tracks.length) return false;
    const on = !tracks[0].enabled;
    for (const track of tracks) track.enabled = on;
    return on;
  }

  stop(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
  }
}
