// The two access codes of an appointment leave the server in clear exactly once (creation or renewal);
// they are sealed here with the practice key and stored back, so the server keeps no readable copy.
import { api } from './api';
import { seal } from './crypto';

export interface IssuedCodes {
  id: string;
  organizerCode: string;
  participantCode: string;
}

export async function storeSealedCodes(practiceKey: CryptoKey, codes: IssuedCodes): Promise<void> {
  await api<void>('PUT', `/api/appointments/${codes.id}/sealed-codes`, {
    organizer: await seal(practiceKey, codes.organizerCode, 'access-code organizer'),
    participant: await seal(practiceKey, codes.participantCode, 'access-code participant'),
  });
}
