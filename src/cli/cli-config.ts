/** The configuration as the data commands (backup, export) read it: a bad variable is invalid input. */
import { ConfigError, type Config, loadConfig } from '../server/config.js';
import { InputError } from './errors.js';

export function loadCliConfig(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      throw new InputError(['the configuration is invalid:', ...error.issues.map((i) => `  ${i.path}: ${i.message}`)]);
    }
    throw error;
  }
}
