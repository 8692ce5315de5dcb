/**
 * The check-in schedule that applies to a client and when it starts: the one a clinician saved (at
 * once), else the default from the discharge day of their latest finalised plan (its first moment
 * in the clinic's zone), else none until a plan is finalised (core/measures/schedule.ts).
 */
import { type ClientSchedule, clientSchedule } from '../../core/measures/schedule.js';
import { startOfDay } from '../../core/time-zone.js';
import { getMeasureSchedule } from '../../storage/check-ins.js';
import type { Executor } from '../../storage/executor.js';
import { dischargeDatesOfClients } from '../../storage/plans.js';

export async function scheduleOfClient(
  db: Executor,
  organizationId: string,
  clientId: string,
  timeZone: string,
): Promise<ClientSchedule> {
  const saved = await getMeasureSchedule(db, organizationId, clientId);
  const discharge = (await dischargeDatesOfClients(db, [clientId])).get(clientId);
  return clientSchedule(saved?.entries, discharge === undefined ? null : startOfDay(discharge, timeZone).getTime());
}
