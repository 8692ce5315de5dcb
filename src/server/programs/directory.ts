/**
 * The server's matching index over every program, built from the database on first use and rebuilt
 * when the programs change, here or elsewhere (an import run from the command line): each use reads
 * the directory's revision number first, one tiny query. Concurrent requests share one rebuild.
 */
import { buildProgramIndex, type ProgramIndex } from '../../core/programs/match.js';
import type { Executor } from '../../storage/executor.js';
import { listAllPrograms, programsRevision } from '../../storage/programs.js';
import { lazyZipCentroids, type ZipCentroids } from './zip-centroids.js';

export interface ProgramDirectory {
  /** The current index (built or refreshed as needed). */
  index(): Promise<ProgramIndex>;
  zipCentroids(): Promise<ZipCentroids>;
}

export function createProgramDirectory(db: Executor): ProgramDirectory {
  let current: { index: ProgramIndex; revision: number } | undefined;
  let building: Promise<ProgramIndex> | undefined;
  const zipCentroids = lazyZipCentroids();

  const rebuild = (): Promise<ProgramIndex> => {
    building ??= (async () => {
      try {
        const revision = await programsRevision(db);
        const index = buildProgramIndex(await listAllPrograms(db));
        current = { index, revision };
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
      if ((await programsRevision(db)) === current.revision) return current.index;
      return rebuild();
    },
    zipCentroids,
  };
}
