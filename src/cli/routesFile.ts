import { promises as fs } from 'node:fs';
import { PushPullError } from '../core/errors';
import { parseRoutes, type Route } from '../core/hooks/routes';
import { UsageError } from './io';

/** Reads and checks a `--routes FILE` (a JSON array of routes, as `pushpull.listener.routes` holds them). */
export async function readRoutesFile(file: string): Promise<Route[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --routes ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--routes ${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parseRoutes(value);
  } catch (error) {
    throw new UsageError(`--routes ${file}: ${error instanceof PushPullError ? error.message : String(error)}`);
  }
}
