// The browser's side of the call hub (/hubs/call): join with a code, relay SDP and candidates to the other
// seat, and hear about the counterpart. WebSockets only, without the negotiate round trip.
import { HubConnection, HubConnectionBuilder, HttpTransportType, LogLevel } from '@microsoft/signalr';

export type Role = 'organizer' | 'participant';
export type SignalKind = 'description' | 'candidate' | 'hangup';

export interface IceServerInfo {
  urls: string[];
  username?: string | null;
  credential?: string | null;
}

export interface JoinResult {
  error?: string | null;
  role?: Role | null;
  roomId?: string | null;
  iceServers?: IceServerInfo[] | null;
  iceTransportPolicy?: RTCIceTransportPolicy | null;
  counterpartPresent: boolean;
  reconnectToken?: string | null;
  validFrom?: string | null;
  validUntil?: string | null;
}

export interface SignalingEvents {
  peerJoined(): void;
  peerLeft(): void;
  signal(kind: SignalKind, payload: string): void;
  replaced(): void;
  /** The connection ended without us asking (network loss, server restart). */
  lost(): void;
}

export class CallSignaling {
  private readonly connection: HubConnection;
  private stopping = false;

  private constructor(connection: HubConnection, events: SignalingEvents) {
    this.connection = connection;
    connection.on('peer-joined', () => events.peerJoined());
    connection.on('peer-left', () => events.peerLeft());
    connection.on('replaced', () => { this.stopping = true; events.replaced(); });
    connection.on('signal', (message: { kind: SignalKind; payload: string }) => events.signal(message.kind, message.payload));
    connection.onclose(() => { if (!this.stopping) events.lost(); });
  }

  static async connect(events: SignalingEvents): Promise<CallSignaling> {
    const connection = new HubConnectionBuilder()
      .withUrl('/hubs/call', { transport: HttpTransportType.WebSockets, skipNegotiation: true })
      .configureLogging(LogLevel.None)
      .build();
    const signaling = new CallSignaling(connection, events);
    await connection.start();
    return signaling;
  }

  join(code: string, reconnectToken: string | null): Promise<JoinResult> {
    return this.connection.invoke<JoinResult>('Join', { code, reconnectToken });
  }

  async relay(kind: SignalKind, payload: string | null): Promise<void> {
    if (this.connection.state !== 'Connected') return;
    await this.connection.invoke('Relay', { kind, payload });
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
