// The receive-only peer connection. The SFU offers (a new version whenever people come or go), the browser
// answers; renegotiation always starts at the server, so there is no glare. Offers are applied one at a time,
// and when several arrive meanwhile only the newest is applied: each version describes the whole connection.
import type { SubscriberOffer } from './conferenceSignaling';

export interface SubscriberCallbacks {
  /** A remote track arrived; streamId is the publishing participant's id (the msid stream). */
  track(streamId: string, track: MediaStreamTrack): void;
  /** After each applied offer: the ids of the remote tracks that are still being received. */
  liveTracks(trackIds: Set<string>): void;
  answer(sdp: string, version: number): Promise<void>;
  failed(): void;
}

export class SubscriberSession {
  readonly pc: RTCPeerConnection;
  private newest: SubscriberOffer | null = null;
  private appliedVersion = 0;
  private applying = false;
  private closed = false;

  constructor(configuration: RTCConfiguration, private readonly callbacks: SubscriberCallbacks) {
    this.pc = new RTCPeerConnection(configuration);
    this.pc.ontrack = event => callbacks.track(event.streams[0]?.id ?? event.track.id, event.track);
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'failed') callbacks.failed();
    };
  }

  offer(offer: SubscriberOffer): void {
    if (this.closed || offer.version <= Math.max(this.appliedVersion, this.newest?.version ?? 0)) return;
    this.newest = offer;
    if (!this.applying) void this.applyPending();
  }

  close(): void {
    this.closed = true;
    this.pc.close();
  }

  private async applyPending(): Promise<void> {
    this.applying = true;
    try {
      while (this.newest && !this.closed) {
        const offer = this.newest;
        this.newest = null;
        await this.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
        await this.pc.setLocalDescription(await this.pc.createAnswer());
        this.appliedVersion = offer.version;
        this.callbacks.liveTracks(this.liveTrackIds());
        try {
          await this.callbacks.answer(this.pc.localDescription!.sdp, offer.version);
        } catch {
          // A newer offer is on its way (the server refuses answers to replaced offers); it gets answered next.
          if (!this.newest) throw new Error('subscriber answer refused');
        }
      }
    } catch {
      if (!this.closed) this.callbacks.failed();
    } finally {
      this.applying = false;
    }
  }

  private liveTrackIds(): Set<string> {
    const live = new Set<string>();
    for (const transceiver of this.pc.getTransceivers()) {
      const receiving = transceiver.currentDirection === 'recvonly' || transceiver.currentDirection === 'sendrecv';
      if (receiving && transceiver.receiver.track.readyState === 'live') live.add(transceiver.receiver.track.id);
    }
    return live;
  }
}
