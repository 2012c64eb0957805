// The browser's side of the conference hub (/hubs/conference): join a room with its token and the publisher
// offer, answer the SFU's subscriber offers, hear who comes and goes. WebSockets only, no negotiate round trip.
import { HubConnection, HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';
import type { IceServerInfo } from '../call/signaling';

export interface SubscriberOffer {
  sdp: string;
  version: number;
}

export interface ConferenceJoinResult {
  error?: string | null;
  participantId?: string | null;
  answerSdp?: string | null;
  subscriberOffer?: SubscriberOffer | null;
  roster?: string[] | null;
}

/** The answer to GetIceServers: servers (with TURN credentials for this token holder) and policy, or an error code. */
export interface ConferenceIceConfiguration {
  error?: string | null;
  iceServers?: IceServerInfo[] | null;
  iceTransportPolicy?: RTCIceTransportPolicy | null;
}

export interface ConferenceEvents {
  subscriberOffer(offer: SubscriberOffer): void;
  participantJoined(participantId: string): void;
  participantLeft(participantId: string): void;
  /** The SFU dropped us (media connection failed or went silent); we are no longer in the room. */
  removed(reason: string): void;
  /** The connection ended without us asking. */
  lost(): void;
}

export class ConferenceSignaling {
  private stopping = false;

  private constructor(private readonly connection: HubConnection, events: ConferenceEvents) {
    connection.on('subscriber-offer', (offer: SubscriberOffer) => events.subscriberOffer(offer));
    connection.on('participant-joined', (id: string) => events.participantJoined(id));
    connection.on('participant-left', (id: string) => events.participantLeft(id));
    connection.on('removed', (reason: string) => events.removed(reason));
    connection.onclose(() => { if (!this.stopping) events.lost(); });
  }

  static async connect(events: ConferenceEvents): Promise<ConferenceSignaling> {
    const connection = new HubConnectionBuilder()
      .withUrl('/hubs/conference', { transport: HttpTransportType.WebSockets, skipNegotiation: true })
      .configureLogging(LogLevel.None)
      .build();
    const signaling = new ConferenceSignaling(connection, events);
    await connection.start();
    return signaling;
  }

  iceServers(token: string): Promise<ConferenceIceConfiguration> {
    return this.connection.invoke<ConferenceIceConfiguration>('GetIceServers', token);
  }

  join(token: string, offer: string | null, loopback: boolean): Promise<ConferenceJoinResult> {
    return this.connection.invoke<ConferenceJoinResult>('Join', { token, offer, loopback });
  }

  setSubscriberAnswer(sdp: string, version: number): Promise<void> {
    return this.connection.invoke('SetSubscriberAnswer', { sdp, version });
  }

  async leave(): Promise<void> {
    if (this.connection.state !== 'Connected') return;
    try {
      await this.connection.invoke('Leave');
    } catch {
      // already gone on the server: closing the connection below has the same effect
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.connection.stop();
  }
}

/** The error code of a failed hub call (the server sends only a code as the HubException message). */
export function hubErrorCode(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const last = message.trim().split(/\s+/).pop() ?? '';
  return /^[a-z_]+$/.test(last) ? last : 'server_error';
}
