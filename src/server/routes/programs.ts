/**
 * The program directory: public listing, reading, matching and calendars; a clinic's own programs
 * (added and changed by its admins), its notes on any program, and every program's history.
 * Directory programs change only through the operator's command line (decision 9).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { createProgramDirectory } from '../programs/directory.js';
import { presentMatch, presentProgram, presentProgramHistory, presentProgramSummary } from '../programs/presenters.js';
import {
  CalendarQuery,
  MatchBody,
  MatchResponse,
  NewProgramBody,
  NoteBody,
  NoteResult,
  ProgramHistoryResponse,
  ProgramListQuery,
  ProgramListResponse,
  ProgramParams,
  ProgramPatchBody,
  ProgramResponse,
  TracksBody,
} from '../../core/api/programs.js';
import { ProblemResponse } from '../../core/api/problem.js';
import type { StoredProgram } from '../../storage/programs.js';
import type { FastifyRequest } from 'fastify';
import {
  createOwnedProgram,
  editProgram,
  listDirectory,
  matchDirectory,
  programCalendar,
  programHistory,
  programViewFor,
  readProgram,
  replaceTracks,
  setClinicNote,
} from '../services/programs.js';

export function programRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const directory = createProgramDirectory(db);
  const profile = deps.ruleset.profile;
  /** A program as the caller sees it: with its owner, whether they may change it, and their clinic's note. */
  const present = async (request: FastifyRequest, stored: StoredProgram) => {
    const user = request.actor?.user;
    const viewer = user ? { organizationId: user.organizationId, role: user.role } : null;
    return presentProgram(stored, profile, await programViewFor(db, stored, viewer));
  };
  // Build the matching index and load the ZIP table while the server starts, so the first search
  // does not wait for them; a failure here (a database closed early) is retried by the first request.
  app.addHook('onReady', () => {
    directory.index().catch(() => undefined);
    directory
      .zipCentroids()
      .then((zips) => zips.stateAt({ lat: 40, lon: -100 }))
      .catch(() => undefined);
    return Promise.resolve();
  });

  api.get(
    '/api/v1/programs',
    {
      config: { access: 'public' },
      schema: {
        tags: ['programs'],
        summary:
          'List programs: by name, or with zip (or lat and lon) those within radiusMiles, nearest first; total counts them all',
        querystring: ProgramListQuery,
        response: { 200: ProgramListResponse },
      },
    },
    async (request) => {
      const page = await listDirectory(db, directory, request.query);
      return {
        total: page.total,
        items: page.items.map((item) => presentProgramSummary(item.program, item.distanceMiles)),
      };
    },
  );

  api.post(
    '/api/v1/programs/match',
    {
      config: { access: 'public' },
      schema: {
        tags: ['programs'],
        summary:
          'Rank programs for a person: hard filters (setting, distance unless telehealth, payment, language, population, medication, full), then schedule fit, distance and co-occurring care, each explained in English or, with language es, in Spanish',
        body: MatchBody,
        response: { 200: MatchResponse },
      },
    },
    async (request) => {
      const { place, results, shortfall } = await matchDirectory(directory, request.body);
      const language = request.body.language ?? 'en';
      return { place, items: results.map((result) => presentMatch(result, language)), shortfall };
    },
  );

  api.get(
    '/api/v1/programs/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['programs'],
        summary: 'Read a program',
        params: ProgramParams,
        response: { 200: ProgramResponse },
      },
    },
    async (request) => present(request, await readProgram(db, request.params.id)),
  );

  api.get(
    '/api/v1/programs/:id/calendar.ics',
    {
      config: { access: 'public' },
      schema: {
        tags: ['programs'],
        summary:
          'The sessions of one track as an iCalendar file: the track named, else the one that best fits free (mon.18:00-21:00,...), else the first',
        params: ProgramParams,
        querystring: CalendarQuery,
      },
    },
    async (request, reply) => {
      const calendar = await programCalendar(db, request.params.id, request.query, deps.clock());
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${calendar.filename}"`)
        .send(calendar.text);
    },
  );

  api.post(
    '/api/v1/programs',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['programs'],
        summary:
          'List a program your clinic knows: it joins the directory labelled as listed by your clinic, and only your clinic’s admins change it',
        body: NewProgramBody,
        response: { 201: ProgramResponse },
      },
    },
    async (request, reply) => {
      const stored = await createOwnedProgram(db, directory, contextOf(request, deps.clock), request.body);
      return reply.code(201).send(await present(request, stored));
    },
  );

  api.patch(
    '/api/v1/programs/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['programs'],
        summary:
          'Correct a program your clinic listed; a directory program changes only through the operator’s command line (403), another clinic’s only through theirs (403)',
        params: ProgramParams,
        body: ProgramPatchBody,
        response: { 200: ProgramResponse, 403: ProblemResponse.describe('Not a program of your clinic') },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      const stored = await editProgram(db, { kind: 'user', context }, request.params.id, request.body);
      return present(request, stored);
    },
  );

  api.put(
    '/api/v1/programs/:id/note',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['programs'],
        summary: 'Your clinic’s own note on any program (seen by your clinic’s users alone); an empty text removes it',
        params: ProgramParams,
        body: NoteBody,
        response: { 200: NoteResult },
      },
    },
    async (request) => {
      const text = request.body.text === '' ? null : request.body.text;
      const note = await setClinicNote(db, contextOf(request, deps.clock), request.params.id, text);
      return { note: note === null ? null : { text: note.text, updatedAt: note.updatedAt } };
    },
  );

  api.get(
    '/api/v1/programs/:id/history',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['programs'],
        summary:
          'Every change to a program, newest first: who (the operator, or a clinic), when, and the values before and after; with your clinic’s note changes',
        params: ProgramParams,
        response: { 200: ProgramHistoryResponse },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      return presentProgramHistory(await programHistory(db, context, request.params.id), context.actor.organizationId);
    },
  );

  api.put(
    '/api/v1/programs/:id/tracks',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['programs'],
        summary:
          'Replace the session tracks of a program your clinic listed; each track’s hours are checked against its setting',
        params: ProgramParams,
        body: TracksBody,
        response: { 200: ProgramResponse, 403: ProblemResponse.describe('Not a program of your clinic') },
      },
    },
    async (request) => {
      const context = contextOf(request, deps.clock);
      const stored = await replaceTracks(db, { kind: 'user', context }, request.params.id, request.body.tracks);
      return present(request, stored);
    },
  );
}
