/** The program directory: public listing, reading, matching and calendars; admin corrections. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../access.js';
import type { ServerDeps } from '../deps.js';
import { createProgramDirectory } from '../programs/directory.js';
import { presentMatch, presentProgram, presentProgramSummary } from '../programs/presenters.js';
import {
  CalendarQuery,
  MatchBody,
  MatchResponse,
  ProgramListQuery,
  ProgramListResponse,
  ProgramParams,
  ProgramPatchBody,
  ProgramResponse,
  TracksBody,
} from '../../core/api/programs.js';
import {
  editProgram,
  listDirectory,
  matchDirectory,
  programCalendar,
  readProgram,
  replaceTracks,
} from '../services/programs.js';

export function programRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const directory = createProgramDirectory(db);
  const profile = deps.ruleset.profile;
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
    async (request) => presentProgram(await readProgram(db, request.params.id), profile),
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

  api.patch(
    '/api/v1/programs/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['programs'],
        summary: 'Correct a program by hand (kept when a newer directory file is imported)',
        params: ProgramParams,
        body: ProgramPatchBody,
        response: { 200: ProgramResponse },
      },
    },
    async (request) => {
      const stored = await editProgram(db, contextOf(request, deps.clock), request.params.id, request.body);
      return presentProgram(stored, profile);
    },
  );

  api.put(
    '/api/v1/programs/:id/tracks',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['programs'],
        summary: 'Replace the session tracks of a program; each track’s hours are checked against its setting',
        params: ProgramParams,
        body: TracksBody,
        response: { 200: ProgramResponse },
      },
    },
    async (request) => {
      const stored = await replaceTracks(db, contextOf(request, deps.clock), request.params.id, request.body.tracks);
      return presentProgram(stored, profile);
    },
  );
}
