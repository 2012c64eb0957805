// The conference link: /conference#<room token>[&loopback][&small]. Everything after '#' stays in the browser
// (a fragment is never sent to a server), so the token reaches neither request URLs nor server logs.

export interface ConferenceLink {
  token: string;
  /** Receive one's own stream back through the SFU (a check of the whole media path with one browser). */
  loopback: boolean;
  /** Capture 320×240 at 15 frames/s: light enough for many browsers on one test machine. */
  small: boolean;
}

/** Room tokens are base64url "payload.signature" (see RoomToken on the server); anything else is not one. */
const tokenShape = /^[A-Za-z0-9_-]{1,2000}\.[A-Za-z0-9_-]{1,200}$/;

export function parseConferenceLink(fragment: string): ConferenceLink | null {
  const [token, ...flags] = fragment.replace(/^#/, '').split('&');
  if (!token || !tokenShape.test(token)) return null;
  return { token, loopback: flags.includes('loopback'), small: flags.includes('small') };
}
