// One person's side of a conference through the SFU: two peer connections, as the SFU's design wants them
// (src/Sfu/README.md) — a send-only publisher connection for camera and microphone (the browser offers), and a
// receive-only subscriber connection for everyone else (the SFU offers, the browser answers).
import { ConferenceSignaling, hubErrorCode, type ConferenceIceConfiguration, type ConferenceJoinResult } from './conferenceSignaling';
import type { ConferenceLink } from './conferenceLink';
import { LocalDevices } from './localDevices';
import { SubscriberSession } from './subscriberSession';
import { VideoGrid } from './videoGrid';
import { isKnownKey, t, type ConferenceText } from './strings';

export interface ConferenceElements {
  status: HTMLElement;
  error: HTMLElement;
  conference: HTMLElement;
  grid: HTMLElement;
  selfView: HTMLVideoElement;
  toggleCamera: HTMLButtonElement;
  toggleMic: HTMLButtonElement;
  leave: HTMLButtonElement;
  unmute: HTMLButtonElement;
  /** Shown once we were in and are no longer (left, dropped, signaling lost): joins again with the same link. */
  rejoin: HTMLButtonElement;
}

type StatusKey = 'connectingServer' | 'startingMedia' | 'joining' | 'alone' | 'inConference' | 'left' | 'lost' | 'removed';

export class ConferenceController {
  private signaling: ConferenceSignaling | null = null;
  private devices: LocalDevices | null = null;
  private publisher: RTCPeerConnection | null = null;
  private subscriber: SubscriberSession | null = null;
  private readonly grid: VideoGrid;
  private readonly present = new Set<string>();
  private participantId: string | null = null;
  private configuration: RTCConfiguration = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' };
  private statusKey: StatusKey | null = null;
  private errorKey: ConferenceText | null = null;
  private finished = false;

  constructor(private readonly el: ConferenceElements, private readonly link: ConferenceLink) {
    this.grid = new VideoGrid(el.grid, () => { el.unmute.hidden = false; });
    el.toggleCamera.onclick = () => this.toggle('video');
    el.toggleMic.onclick = () => this.toggle('audio');
    el.leave.onclick = () => void this.leave();
    el.unmute.onclick = () => { this.grid.unmute(); el.unmute.hidden = true; };
    // The token is in the URL fragment: loading the page again is a fresh join with fresh connections.
    el.rejoin.onclick = () => location.reload();
    window.addEventListener('pagehide', () => { void this.signaling?.stop(); });
  }

  /** Connects, starts the devices and joins; false (with the reason shown) when the room does not admit us. */
  async start(): Promise<boolean> {
    this.showStatus('connectingServer');
    try {
      this.signaling = await ConferenceSignaling.connect({
        subscriberOffer: offer => this.subscriber?.offer(offer),
        participantJoined: id => { this.present.add(id); this.showPresence(); },
        participantLeft: id => { this.present.delete(id); this.grid.remove(id); this.showPresence(); },
        removed: () => this.fail('removed'),
        lost: () => this.fail('lost'),
      });
    } catch {
      this.finish();
      this.showStatus(null);
      this.showError('unreachable');
      return false;
    }

    // Both connections need the STUN/TURN servers before their first offer: behind a firewall that lets only
    // TCP or TLS out, the TURN candidates are the only way to the SFU. A bad token is reported here already.
    let ice: ConferenceIceConfiguration;
    try {
      ice = await this.signaling.iceServers(this.link.token);
    } catch (error) {
      ice = { error: hubErrorCode(error) };
    }
    if (ice.error) {
      this.finish();
      this.showStatus(null);
      this.showError(ice.error);
      return false;
    }
    this.configuration = {
      bundlePolicy: 'max-bundle',
      rtcpMuxPolicy: 'require',
      iceServers: (ice.iceServers ?? []).map(s => ({ urls: s.urls, username: s.username ?? undefined, credential: s.credential ?? undefined })),
      iceTransportPolicy: ice.iceTransportPolicy ?? 'all',
    };
    this.subscriber = new SubscriberSession(this.configuration, {
      track: (streamId, track) => { this.grid.addTrack(streamId, track); },
      liveTracks: ids => this.grid.retain(ids),
      answer: (sdp, version) => this.signaling!.setSubscriberAnswer(sdp, version),
      failed: () => this.showError('mediaFailed'),
    });

    this.showStatus('startingMedia');
    this.devices = await LocalDevices.start(this.link.small);
    if (!this.devices.stream) this.showError('mediaError');
    this.el.selfView.srcObject = this.devices.stream;
    this.el.selfView.hidden = !this.devices.has('video');

    this.showStatus('joining');
    let result: ConferenceJoinResult;
    try {
      result = await this.signaling.join(this.link.token, await this.publisherOffer(), this.link.loopback);
    } catch (error) {
      result = { error: hubErrorCode(error) };
    }
    if (result.error || !result.participantId) {
      this.finish();
      this.showStatus(null);
      this.showError(result.error ?? 'server_error');
      return false;
    }

    this.participantId = result.participantId;
    if (this.publisher && result.answerSdp) await this.publisher.setRemoteDescription({ type: 'answer', sdp: result.answerSdp });
    if (result.subscriberOffer) this.subscriber?.offer(result.subscriberOffer);
    for (const id of result.roster ?? []) this.present.add(id);
    this.renderToggles();
    this.el.conference.hidden = false;
    this.showPresence();
    return true;
  }

  refreshTexts(): void {
    if (this.statusKey) this.showStatus(this.statusKey);
    if (this.errorKey) this.showError(this.errorKey);
    this.renderToggles();
    this.grid.relabel();
  }

  /** The publisher connection's offer: one send-only section per local track, or null with nothing to send. */
  private async publisherOffer(): Promise<string | null> {
    const stream = this.devices?.stream;
    if (!stream || stream.getTracks().length === 0) return null;
    this.publisher = new RTCPeerConnection(this.configuration);
    this.publisher.onconnectionstatechange = () => {
      if (this.publisher?.connectionState === 'failed') this.showError('mediaFailed');
    };
    for (const track of stream.getTracks()) this.publisher.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    // The SFU is ICE-lite and answers with its own candidate; the browser's checks reach it without trickling ours
    // (through our TURN server when the policy is relay or nothing direct works).
    await this.publisher.setLocalDescription(await this.publisher.createOffer());
    return this.publisher.localDescription!.sdp;
  }

  private toggle(kind: 'audio' | 'video'): void {
    this.devices?.toggle(kind);
    this.renderToggles();
  }

  private renderToggles(): void {
    const camera = this.devices?.isOn('video') ?? false;
    const mic = this.devices?.isOn('audio') ?? false;
    this.el.toggleCamera.textContent = t(camera ? 'cameraOff' : 'cameraOn');
    this.el.toggleCamera.setAttribute('aria-pressed', String(!camera));
    this.el.toggleCamera.disabled = !(this.devices?.has('video') ?? false);
    this.el.toggleMic.textContent = t(mic ? 'micOff' : 'micOn');
    this.el.toggleMic.setAttribute('aria-pressed', String(!mic));
    this.el.toggleMic.disabled = !(this.devices?.has('audio') ?? false);
  }

  private async leave(): Promise<void> {
    if (this.finished) return;
    await this.signaling?.leave();
    this.finish();
    this.showStatus('left');
    this.el.rejoin.hidden = false;
  }

  private fail(status: StatusKey): void {
    if (this.finished) return;
    const wasIn = this.participantId !== null;
    this.finish();
    this.showStatus(status);
    this.el.rejoin.hidden = !wasIn;
  }

  /** Ends everything local: connections, devices, tiles. */
  private finish(): void {
    this.finished = true;
    this.el.conference.hidden = true;
    this.grid.clear();
    this.subscriber?.close();
    this.publisher?.close();
    this.devices?.stop();
    this.el.selfView.srcObject = null;
    void this.signaling?.stop();
  }

  private showPresence(): void {
    if (this.finished || !this.participantId) return;
    const others = [...this.present].filter(id => id !== this.participantId).length;
    if (others === 0) this.showStatus('alone');
    else this.showStatus('inConference', String(others + 1));
  }

  private showStatus(key: StatusKey | null, ...args: string[]): void {
    this.statusKey = key;
    this.el.status.textContent = key ? t(key, ...args) : '';
  }

  private showError(code: string): void {
    const key: ConferenceText = isKnownKey(code) ? code : 'server_error';
    this.errorKey = key;
    this.el.error.textContent = t(key);
    this.el.error.hidden = false;
  }
}
