// One person's side of a two-party call: join over the hub, start the camera, and keep exactly one peer
// connection with whoever holds the other seat — a fresh one whenever the counterpart (re)joins.
import { CallSignaling, hubErrorCode, type JoinResult, type Role, type SignalKind } from './signaling';
import { PeerSession } from './peerSession';
import { LocalMedia } from './localMedia';
import { clearResume, saveResume, type ResumeState } from './resumeStore';
import { formatInstant, isKnownKey, t } from './strings';

export interface CallElements {
  status: HTMLElement;
  error: HTMLElement;
  call: HTMLElement;
  localVideo: HTMLVideoElement;
  remoteVideo: HTMLVideoElement;
  remoteName: HTMLElement;
  toggleCamera: HTMLButtonElement;
  toggleMic: HTMLButtonElement;
  hangup: HTMLButtonElement;
  unmute: HTMLButtonElement;
}

export interface CallSetup {
  code: string;
  resumeKey: string | null;
  resume: ResumeState | null;
  /** Asks the participant for the display name shown to the organizer (never sent to the server). */
  askDisplayName(): Promise<string>;
}

type StatusKey = 'connectingServer' | 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'replaced';

const reconnectDelaysMs = [500, 1000, 2000, 4000, 8000, 15000];

export class CallController {
  private signaling: CallSignaling | null = null;
  private session: PeerSession | null = null;
  private media: LocalMedia | null = null;
  private role: Role | null = null;
  private joined: JoinResult | null = null;
  private displayName: string | null = null;
  private ready = false;
  private finished = false;
  private counterpartPresent = false;
  private pending: Array<[SignalKind, string]> = [];
  private statusKey: StatusKey | null = null;

  constructor(private readonly el: CallElements, private readonly setup: CallSetup) {
    el.toggleCamera.onclick = () => this.toggle('video');
    el.toggleMic.onclick = () => this.toggle('audio');
    el.hangup.onclick = () => void this.end(true);
    el.unmute.onclick = () => { el.remoteVideo.muted = false; el.unmute.hidden = true; };
  }

  /** Joins; returns false (with the reason shown) when the code does not admit us. */
  async start(): Promise<boolean> {
    this.showStatus('connectingServer');
    const result = await this.connectAndJoin(this.setup.resume?.reconnectToken ?? null);
    if (result.error) {
      this.showStatus(null);
      this.showError(result.error, result.validFrom);
      return false;
    }
    this.role = result.role ?? 'participant';
    this.displayName = this.setup.resume?.displayName ?? null;
    // The code is valid: open camera and microphone now, while the participant types the name, so the call
    // does not wait for the devices afterwards.
    const media = LocalMedia.start();
    if (this.role === 'participant' && !this.displayName) {
      this.showStatus(null);
      this.displayName = await this.setup.askDisplayName();
    }
    this.remember();

    this.media = await media;
    if (!this.media.stream) this.showError('mediaError');
    this.el.localVideo.srcObject = this.media.stream;
    this.el.toggleCamera.disabled = !this.media.hasVideo;
    this.el.toggleMic.disabled = !this.media.hasAudio;
    this.renderToggles();
    this.el.call.hidden = false;

    this.ready = true;
    if (this.counterpartPresent || this.pending.length > 0) this.startSession();
    else this.showStatus('waiting');
    return true;
  }

  /** Re-renders texts after a language switch. */
  refreshTexts(): void {
    if (this.statusKey) this.el.status.textContent = t(this.statusKey);
    this.renderToggles();
  }

  private async connectAndJoin(token: string | null): Promise<JoinResult> {
    try {
      this.signaling = await CallSignaling.connect({
        peerJoined: () => this.onPeerJoined(),
        peerLeft: () => this.onPeerLeft(),
        signal: (kind, payload) => this.onSignal(kind, payload),
        replaced: () => this.teardown('replaced'),
        lost: () => void this.reconnect(),
      });
    } catch {
      return { error: 'unreachable', counterpartPresent: false };
    }
    let result: JoinResult;
    try {
      result = await this.signaling.join(this.setup.code, token);
    } catch (error) {
      result = { error: hubErrorCode(error), counterpartPresent: false };
    }
    if (result.error) {
      await this.signaling.stop().catch(() => undefined);
      this.signaling = null;
      return result;
    }
    this.joined = result;
    this.counterpartPresent = result.counterpartPresent;
    return result;
  }

  /** The hub connection dropped: rejoin with our reconnect token and start over with the counterpart. */
  private async reconnect(): Promise<void> {
    if (this.finished) return;
    this.showStatus('reconnecting');
    for (const delay of reconnectDelaysMs) {
      await new Promise(resolve => setTimeout(resolve, delay));
      if (this.finished) return;
      const result = await this.connectAndJoin(this.joined?.reconnectToken ?? null);
      if (!result.error) {
        this.remember();
        this.closeSession();
        if (this.counterpartPresent) this.startSession();
        else this.showStatus('waiting');
        return;
      }
      if (result.error !== 'unreachable' && result.error !== 'server_error') {
        this.teardown(null);
        this.showError(result.error, result.validFrom);
        return;
      }
    }
    this.teardown(null);
    this.showError('unreachable');
  }

  private onPeerJoined(): void {
    this.counterpartPresent = true;
    this.pending = []; // anything buffered came from the counterpart's previous connection
    this.closeSession();
    if (this.ready) this.startSession();
  }

  private onPeerLeft(): void {
    this.counterpartPresent = false;
    this.pending = [];
    this.closeSession();
    if (this.ready) this.showStatus('waiting');
  }

  private onSignal(kind: SignalKind, payload: string): void {
    if (kind === 'hangup') {
      void this.end(false);
      return;
    }
    if (!this.ready) {
      this.pending.push([kind, payload]); // the participant is still typing the name
      return;
    }
    if (!this.session) this.startSession();
    void this.session!.receive(kind, payload);
  }

  private startSession(): void {
    this.closeSession();
    this.showStatus('connecting');
    const session = new PeerSession({
      polite: this.role === 'participant',
      iceServers: this.joined?.iceServers ?? [],
      iceTransportPolicy: this.joined?.iceTransportPolicy === 'relay' ? 'relay' : 'all',
      localStream: this.media?.stream ?? null,
      send: (kind, payload) => this.signaling?.relay(kind, payload) ?? Promise.resolve(),
      onRemoteStream: stream => this.showRemote(stream),
      onConnectionState: state => {
        if (session !== this.session) return;
        if (state === 'connected') this.showStatus('connected');
        else if (state === 'disconnected' || state === 'failed') this.showStatus('reconnecting');
      },
      onMeta: message => { if (this.role === 'organizer') this.el.remoteName.textContent = message.name; },
      onMetaOpen: () => {
        if (this.role === 'participant' && this.displayName) session.sendMeta({ type: 'name', name: this.displayName });
      },
    });
    this.session = session;
    const buffered = this.pending;
    this.pending = [];
    for (const [kind, payload] of buffered) void session.receive(kind, payload);
  }

  private closeSession(): void {
    this.session?.close();
    this.session = null;
    this.el.remoteVideo.srcObject = null;
    this.el.remoteName.textContent = '';
  }

  private showRemote(stream: MediaStream): void {
    if (this.el.remoteVideo.srcObject === stream) return;
    this.el.remoteVideo.srcObject = stream;
    this.el.remoteVideo.play().catch(() => {
      // Autoplay with sound needs a user gesture on this page: play muted and offer to turn sound on.
      this.el.remoteVideo.muted = true;
      this.el.unmute.hidden = false;
      void this.el.remoteVideo.play().catch(() => undefined);
    });
  }

  private toggle(kind: 'audio' | 'video'): void {
    this.media?.toggle(kind);
    this.renderToggles();
  }

  private renderToggles(): void {
    const videoOn = this.media?.stream?.getVideoTracks()[0]?.enabled ?? false;
    const audioOn = this.media?.stream?.getAudioTracks()[0]?.enabled ?? false;
    this.el.toggleCamera.textContent = t(videoOn ? 'cameraOff' : 'cameraOn');
    this.el.toggleCamera.setAttribute('aria-pressed', String(!videoOn));
    this.el.toggleMic.textContent = t(audioOn ? 'micOff' : 'micOn');
    this.el.toggleMic.setAttribute('aria-pressed', String(!audioOn));
  }

  private async end(announce: boolean): Promise<void> {
    if (this.finished) return;
    if (announce) await this.signaling?.relay('hangup', null).catch(() => undefined);
    clearResume(this.setup.resumeKey);
    this.teardown('ended');
  }

  private teardown(status: StatusKey | null): void {
    this.finished = true;
    this.closeSession();
    this.media?.stop();
    this.el.localVideo.srcObject = null;
    void this.signaling?.stop().catch(() => undefined);
    this.signaling = null;
    this.el.call.classList.add('ended');
    for (const button of [this.el.toggleCamera, this.el.toggleMic, this.el.hangup]) button.disabled = true;
    this.showStatus(status);
  }

  private remember(): void {
    const token = this.joined?.reconnectToken;
    if (token) saveResume(this.setup.resumeKey, { reconnectToken: token, displayName: this.displayName ?? undefined });
  }

  private showStatus(key: StatusKey | null): void {
    this.statusKey = key;
    this.el.status.textContent = key ? t(key) : '';
  }

  private showError(code: string, validFrom?: string | null): void {
    const key = isKnownKey(code) ? code : 'server_error';
    this.el.error.textContent = key === 'not_yet_valid' && validFrom ? t('not_yet_valid', formatInstant(validFrom)) : t(key);
    this.el.error.hidden = false;
  }
}
