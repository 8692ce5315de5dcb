// The PDF worker when Stepdown runs from its TypeScript sources (the tests, a stale build): loads
// pdf-worker.ts through tsx. The compiled build points the pool at dist/server/pdf/pdf-worker.js.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./pdf-worker.ts');
export default worker.default;
