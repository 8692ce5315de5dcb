/**
 * The server's matching index over every program, built from the database on first use and rebuilt
 * when the programs change: at once after an edit made through this server, and within a few
 * seconds after one made elsewhere (an import run from the command line), found by a cheap
 * revision query. Concurrent requests share one rebuild.
 */
import { buildProgramIndex, type ProgramIndex } from '../../core/programs/match.js';
import type { Executor } from '../../storage/executor.js';
import { listAllPrograms, programsRevision } from '../../storage/programs.js';
import { lazyZipCentroids, type ZipCentroids } from './zip-centroids.js';

/** How often, at most, a request asks the database whether programs changed. */
const REVISION_CHECK_MS = 5000;

export interface ProgramDirectory {
  /** The current index (built or refreshed as needed). */
  index(): Promise<ProgramIndex>;
  /** Marks the index stale after a change made through this server. */
  invalidate(): void;
  zipCentroids(): Promise<ZipCentroids>;
}

export function createProgramDirectory(db: Executor, clock: () => Date): ProgramDirectory {
  let current: { index: ProgramIndex; revision: string; checkedAt: number } | undefined;
  let building: Promise<ProgramIndex> | undefined;
  let stale = false;
  const zipCentroids = lazyZipCentroids();

  const rebuild = (): Promise<ProgramIndex> => {
    building ??= (async () => {
      try {
        const revision = await programsRevision(db);
        const index = buildProgramIndex(await listAllPrograms(db));
        current = { index, revision, checkedAt: clock().getTime() };
        return index;
      } finally {
        building = undefined;
      }
    })();
    return building;
  };

  return {
    async index() {
      if (!current) return rebuild();
      if (stale) {
        stale = false;
        return rebuild();
      }
      const now = clock().getTime();
      if (now - current.checkedAt < REVISION_CHECK_MS) return current.index;
      current.checkedAt = now;
      if ((await programsRevision(db)) === current.revision) return current.index;
      return rebuild();
    },
    invalidate() {
      stale = true;
    },
    zipCentroids,
  };
}
