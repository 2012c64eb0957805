// One RTCPeerConnection with one counterpart, negotiated with the "perfect negotiation" pattern
// (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example): either side may start an offer at any
// time; on glare the polite side (the participant) rolls back and takes the other's offer, the impolite side
// (the organizer) ignores the colliding offer. So no ordering between the two browsers can wedge the call.
import type { IceServerInfo, SignalKind } from './signaling';

export interface PeerSessionOptions {
  polite: boolean;
  iceServers: IceServerInfo[];
  /** 'relay' keeps both sides' IP addresses from each other: every path goes through TURN. */
  iceTransportPolicy: RTCIceTransportPolicy;
  localStream: MediaStream | null;
  send(kind: SignalKind, payload: string): Promise<void>;
  onRemoteStream(stream: MediaStream): void;
  onConnectionState(state: RTCPeerConnectionState): void;
  onMeta(message: MetaMessage): void;
  /** Called when the "meta" data channel opens: time to introduce ourselves. */
  onMetaOpen(): void;
}

/** What travels peer-to-peer on the "meta" data channel — never through the server. */
export interface MetaMessage {
  type: 'name';
  name: string;
}

export class PeerSession {
  private readonly pc: RTCPeerConnection;
  private readonly meta: RTCDataChannel;
  private readonly options: PeerSessionOptions;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswerPending = false;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: PeerSessionOptions) {
    this.options = options;
    this.pc = new RTCPeerConnection({
      iceServers: options.iceServers.map(s => ({ urls: s.urls, username: s.username ?? undefined, credential: s.credential ?? undefined })),
      iceTransportPolicy: options.iceTransportPolicy,
    });
    // Negotiated with a fixed id so neither side has to wait for the other to announce it.
    this.meta = this.pc.createDataChannel('meta', { negotiated: true, id: 0 });
    this.meta.onopen = () => options.onMetaOpen();
    this.meta.onmessage = event => this.receiveMeta(event.data);

    this.pc.onnegotiationneeded = () => void this.offer();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) void this.safeSend('candidate', JSON.stringify(candidate));
    };
    this.pc.oniceconnectionstatechange = () => {
      // F15: a changed network breaks the ICE path; restarting ICE finds a new one without a new call.
      if (this.pc.iceConnectionState === 'failed') this.pc.restartIce();
    };
    this.pc.onconnectionstatechange = () => options.onConnectionState(this.pc.connectionState);
    this.pc.ontrack = ({ track, streams }) => options.onRemoteStream(streams[0] ?? new MediaStream([track]));

    for (const track of options.localStream?.getTracks() ?? []) this.pc.addTrack(track, options.localStream!);
  }

  /** Handles a message from the counterpart; messages are processed strictly in arrival order. */
  receive(kind: SignalKind, payload: string): Promise<void> {
    this.queue = this.queue.then(() => this.handle(kind, payload)).catch(() => { /* a bad message must not stop the queue */ });
    return this.queue;
  }

  sendMeta(message: MetaMessage): void {
    if (this.meta.readyState === 'open') this.meta.send(JSON.stringify(message));
  }

  /** Swaps the outgoing track of one kind (e.g. another camera) without renegotiating. */
  async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    const sender = this.pc.getSenders().find(s => s.track?.kind === kind || (s.track === null && kind === 'video'));
    await sender?.replaceTrack(track);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.onnegotiationneeded = this.pc.onicecandidate = this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = this.pc.onconnectionstatechange = null;
    this.meta.onopen = this.meta.onmessage = null;
    this.meta.close();
    this.pc.close();
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      await this.safeSend('description', JSON.stringify(this.pc.localDescription));
    } catch {
      // A failed offer (e.g. closed meanwhile) is retried by the next negotiationneeded.
    } finally {
      this.makingOffer = false;
    }
  }

  private async handle(kind: SignalKind, payload: string): Promise<void> {
    if (this.closed) return;
    if (kind === 'description') {
      const description = JSON.parse(payload) as RTCSessionDescriptionInit;
      const readyForOffer = !this.makingOffer && (this.pc.signalingState === 'stable' || this.settingRemoteAnswerPending);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      this.ignoreOffer = !this.options.polite && offerCollision;
      if (this.ignoreOffer) return;
      this.settingRemoteAnswerPending = description.type === 'answer';
      await this.pc.setRemoteDescription(description); // rolls back our own offer on glare (polite side)
      this.settingRemoteAnswerPending = false;
      if (description.type === 'offer') {
        await this.pc.setLocalDescription();
        await this.safeSend('description', JSON.stringify(this.pc.localDescription));
      }
    } else if (kind === 'candidate') {
      try {
        await this.pc.addIceCandidate(JSON.parse(payload) as RTCIceCandidateInit);
      } catch (error) {
        if (!this.ignoreOffer) throw error; // candidates of an ignored offer are expected to fail
      }
    }
  }

  private receiveMeta(data: unknown): void {
    if (typeof data !== 'string' || data.length > 1024) return;
    try {
      const message = JSON.parse(data) as Partial<MetaMessage>;
      if (message.type === 'name' && typeof message.name === 'string')
        this.options.onMeta({ type: 'name', name: message.name.slice(0, 80) });
    } catch {
      // not ours; ignore
    }
  }

  private async safeSend(kind: SignalKind, payload: string): Promise<void> {
    if (this.closed) return;
    try { await this.options.send(kind, payload); } catch { /* the signaling reports its own loss */ }
  }
}
