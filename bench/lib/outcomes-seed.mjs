// Episodes for the outcomes benchmark: for each benchmark client, an assessment and a finalised
// plan@2 (about 11 KB of JSON, the size of the demo clinic's plan) whose discharge day is the day
// before the client's first check-in; for two clients in three, a referral to a demo program, and for
// half of those a first session attended three days after discharge. Written straight into the
// tables, in batches, as bench/measures.mjs writes the check-ins.
import { randomUUID } from 'node:crypto';

const DAY_MS = 86_400_000;

/** A plan document of realistic size: what outcomes reads of it is the discharge date. */
function planDocument(dischargeDate, reassessBy) {
  const words = 'Call my sponsor before going out; evening group Monday, Wednesday and Thursday; ';
  const item = (i) => ({
    id: `g${i}`,
    template: 'sober-network',
    text: `${words}goal ${i}.`,
    measure: `${words}measure ${i}.`,
    targetDate: reassessBy,
  });
  return JSON.stringify({
    schema: 'stepdown/plan@2',
    recommendedSetting: 'iop',
    selectedSetting: 'iop',
    dischargeDate,
    reassessBy,
    goals: Array.from({ length: 12 }, (_, i) => item(i)),
    therapies: Array.from({ length: 6 }, (_, i) => ({ name: `Group ${i}`, frequency: words, provider: 'Bench IOP' })),
    relapsePrevention: { triggers: [words, words], warningSigns: [words], copingSteps: [words, words, words] },
    safetyPlan: { warningSigns: [words], onMyOwn: [words], peopleAndPlaces: [words], saferSurroundings: [words] },
    notes: words.repeat(20),
  });
}

/**
 * Seeds one episode per client. `clients` are `{ id, dischargeDate }` (YYYY-MM-DD); returns how many
 * plans and first sessions were written, and the episodes (`{ id, dischargeDate, planId }`, in
 * discharge order).
 */
export async function seedEpisodes(db, { organizationId, userId, clients, now, insertDemoPrograms }) {
  await insertDemoPrograms(db, now);
  const program = await db.selectFrom('programs').select('id').orderBy('id').executeTakeFirstOrThrow();
  let firstSessions = 0;
  const list = [];
  for (let first = 0; first < clients.length; first += 100) {
    await db.transaction().execute(async (trx) => {
      const assessments = [];
      const plans = [];
      const versions = [];
      const referrals = [];
      const changes = [];
      clients.slice(first, first + 100).forEach((client, offset) => {
        const c = first + offset;
        const madeAt = new Date(Date.parse(`${client.dischargeDate}T12:00:00Z`) - DAY_MS).toISOString();
        const reassessBy = new Date(Date.parse(`${client.dischargeDate}T00:00:00Z`) + 60 * DAY_MS)
          .toISOString()
          .slice(0, 10);
        const assessmentId = randomUUID();
        const planId = randomUUID();
        list.push({ ...client, planId });
        assessments.push({
          id: assessmentId,
          organization_id: organizationId,
          client_id: client.id,
          current_version: 1,
          created_by: userId,
          created_at: madeAt,
          updated_at: madeAt,
        });
        plans.push({
          id: planId,
          organization_id: organizationId,
          client_id: client.id,
          assessment_id: assessmentId,
          assessment_version: 1,
          current_version: 1,
          latest_final_version: 1,
          // As finalising a version keeps them (migration 0023).
          final_reassess_by: reassessBy,
          final_discharge_date: client.dischargeDate,
          created_by: userId,
          created_at: madeAt,
          updated_at: madeAt,
        });
        versions.push({
          plan_id: planId,
          version: 1,
          document: planDocument(client.dischargeDate, reassessBy),
          status: 'final',
          amends: null,
          created_by: userId,
          created_at: madeAt,
          finalized_by: userId,
          finalized_at: madeAt,
          attestation: 'Bench attestation',
        });
        if (c % 3 === 2) return;
        const referralId = randomUUID();
        const attended = c % 2 === 0;
        referrals.push({
          id: referralId,
          organization_id: organizationId,
          client_id: client.id,
          program_id: program.id,
          status: attended ? 'first-session-attended' : 'accepted',
          created_by: userId,
          created_at: madeAt,
          updated_at: madeAt,
        });
        changes.push({
          id: randomUUID(),
          referral_id: referralId,
          status: 'accepted',
          changed_by: userId,
          changed_at: madeAt,
          note: null,
          effective_on: null,
        });
        if (attended) {
          firstSessions += 1;
          changes.push({
            id: randomUUID(),
            referral_id: referralId,
            status: 'first-session-attended',
            changed_by: userId,
            changed_at: new Date(Date.parse(madeAt) + 4 * DAY_MS).toISOString(),
            note: null,
            effective_on: null,
          });
        }
      });
      await trx.insertInto('assessments').values(assessments).execute();
      await trx.insertInto('plans').values(plans).execute();
      await trx.insertInto('plan_versions').values(versions).execute();
      if (referrals.length > 0) await trx.insertInto('referrals').values(referrals).execute();
      if (changes.length > 0) await trx.insertInto('referral_status_changes').values(changes).execute();
    });
  }
  list.sort((a, b) => a.dischargeDate.localeCompare(b.dischargeDate));
  return { plans: clients.length, firstSessions, list };
}
