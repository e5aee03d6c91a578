import { randomInt } from 'node:crypto';
import type { Tx } from '../../db/client.js';
import { shipments } from './schema.js';

export interface ShipmentRequest {
  caseNumber: string;
  address: string;
  recipient: string;
  phone: string;
  now: Date;
}

/** An express courier (EMS and the like): ships a result and returns its tracking number. */
export interface Courier {
  readonly name: string;
  ship(tx: Tx, request: ShipmentRequest): Promise<{ courier: string; trackingNumber: string }>;
}

/**
 * The local courier: the shipment is written to the `shipments` table in the delivering
 * transaction, where a dispatch clerk (or a real courier's integration) picks it up.
 */
export const localCourier: Courier = {
  name: 'local',
  async ship(tx, request) {
    const trackingNumber = `OT${request.now.toISOString().slice(0, 10).replaceAll('-', '')}${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await tx.insert(shipments).values({ ...request, courier: 'local', trackingNumber, status: 'created', createdAt: request.now });
    return { courier: 'local', trackingNumber };
  },
};
