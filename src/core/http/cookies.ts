import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { CookieJar } from 'tough-cookie';
import { makePrivateDir, writePrivateFile } from '../privateFiles';

/** Cookies a sender sends and keeps, per request URL. */
export interface PullCookieJar {
  /** The `Cookie` value for a request to `url` (undefined when no cookie applies). */
  cookieHeader(url: string): Promise<string | undefined>;
  /** Keeps the `Set-Cookie` values an answer from `url` brought; malformed ones are skipped. */
  keep(url: string, setCookies: readonly string[]): Promise<void>;
}

/** A cookie jar in memory (tough-cookie: domains, paths, expiry, Secure and public suffixes as browsers do). */
export class MemoryCookieJar implements PullCookieJar {
  constructor(protected jar: CookieJar = new CookieJar()) {}

  async cookieHeader(url: string): Promise<string | undefined> {
    const value = await this.jar.getCookieString(url);
    return value === '' ? undefined : value;
  }

  async keep(url: string, setCookies: readonly string[]): Promise<void> {
    for (const value of setCookies) await this.jar.setCookie(value, url, { ignoreError: true });
  }
}

/**
 * A cookie jar kept in a JSON file (0600), as a workspace's jar is: loaded once, saved after each answer that
 * set cookies, clearable. A file that cannot be read as a jar is moved aside (nothing is lost) and the jar
 * starts empty; `notice` says so.
 */
export class CookieJarFile extends MemoryCookieJar {
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    jar: CookieJar,
    readonly notice?: string,
  ) {
    super(jar);
  }

  static async load(file: string): Promise<CookieJarFile> {
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return new CookieJarFile(file, new CookieJar());
      throw error;
    }
    try {
      return new CookieJarFile(file, await CookieJar.deserialize(text));
    } catch (error) {
      const aside = `${file}.unreadable-${Date.now()}`;
      await fsp.rename(file, aside);
      const reason = error instanceof Error ? error.message : String(error);
      return new CookieJarFile(
        file,
        new CookieJar(),
        `The cookie jar ${file} could not be read (${reason}); it was moved to ${aside} and the jar starts empty.`,
      );
    }
  }

  override async keep(url: string, setCookies: readonly string[]): Promise<void> {
    if (setCookies.length === 0) return;
    await super.keep(url, setCookies);
    await this.save();
  }

  /** Forgets every cookie, on disk too. */
  async clear(): Promise<void> {
    await this.jar.removeAllCookies();
    await this.save();
  }

  /** Writes the jar (to a new file renamed over the old one, so a crash leaves one or the other whole). */
  save(): Promise<void> {
    // One save at a time; a failed one does not stop the next.
    this.saving = this.saving
      .catch(() => undefined)
      .then(async () => {
        await makePrivateDir(path.dirname(this.file));
        const temp = `${this.file}.${process.pid}.tmp`;
        await writePrivateFile(temp, JSON.stringify(await this.jar.serialize()));
        await fsp.rename(temp, this.file);
      });
    return this.saving;
  }
}
