import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { segmentPath } from '../../../src/core/store/journal/files';
import { readStoredBody } from '../../../src/core/store/journal/readBody';
import { encodeRecord, type RecordLocation } from '../../../src/core/store/journal/record';
import { scanSegment } from '../../../src/core/store/journal/scan';
import { SegmentFile } from '../../../src/core/store/journal/segmentFile';
import { readSegmentIndex, writeSegmentIndex } from '../../../src/core/store/journal/segmentIndex';
import { systemSync } from '../../../src/core/store/journal/sync';
import { type StartedSegment, SegmentWriter } from '../../../src/core/store/journal/writer';
import { tempDir } from '../helpers';

/** A record type no hook store writes: the journal frames and checks it all the same. */
const TYPE_OTHER = 42;

describe('the journal, without hooks', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await tempDir();
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('appends records of any type with group commit, rotates segments, and scans and reads the same records back', async () => {
    const file = await SegmentFile.create(segmentPath(dir, 1), undefined, systemSync.file);
    const active = { segment: 1, file, size: 0, records: 0 };
    const writer = new SegmentWriter(dir, active, { segmentBytes: 1 << 20, segmentRecords: 2 }, undefined, systemSync);
    const started: StartedSegment[] = [];
    const subscription = writer.onDidStartSegment((segment) => started.push(segment));
    const durable: RecordLocation[] = [];
    const bodies = ['one', 'two', 'three', ''].map((text) => Buffer.from(text));
    const append = (i: number): Promise<void> => {
      const body = bodies[i] as Buffer;
      const record = encodeRecord(TYPE_OTHER, JSON.stringify({ i }), '', '', body.length > 0 ? [body] : []);
      return writer.append(record, (segment, offset) => durable.push({ segment, offset }));
    };
    // Appended in the same turn: one writev and one fdatasync for both.
    await Promise.all([append(0), append(1)]);
    assert.equal(writer.stats.commits, 1);
    await append(2);
    await append(3);
    // Every record was durable before its append resolved, in append order.
    assert.deepEqual(
      durable.map((at) => at.segment),
      [1, 1, 2, 2],
    );
    assert.deepEqual(
      started.map(({ segment, sealed }) => [segment, sealed]),
      [[2, 1]],
    );
    await writer.close();
    subscription.dispose();

    const scanned: Array<{ type: number; meta: string; offset: number }> = [];
    for (const segment of [1, 2]) {
      const result = await scanSegment(segmentPath(dir, segment), {
        verifyBodies: true,
        onRecord({ offset, header, buffer, at }) {
          const meta = buffer.toString('utf8', at + 36, at + 36 + header.metaLen);
          scanned.push({ type: header.type, meta, offset });
        },
      });
      assert.deepEqual(result.problems, []);
    }
    assert.deepEqual(
      scanned.map(({ type, meta }) => [type, meta]),
      bodies.map((_, i) => [TYPE_OTHER, JSON.stringify({ i })]),
    );
    for (const [i, at] of durable.entries()) {
      assert.equal(Buffer.from((await readStoredBody(dir, at)) ?? []).toString(), bodies[i]?.toString());
    }
  });

  it('writes the index file of a sealed segment from the heads it kept, and reads it back', async () => {
    const file = await SegmentFile.create(segmentPath(dir, 1), undefined, systemSync.file);
    const active = { segment: 1, file, size: 0, records: 0 };
    const writer = new SegmentWriter(dir, active, { segmentBytes: 1 << 20, segmentRecords: 3 }, undefined, systemSync);
    const sealed: StartedSegment[] = [];
    const subscription = writer.onDidStartSegment((segment) => sealed.push(segment));
    for (let i = 0; i < 4; i++) {
      await writer.append(encodeRecord(TYPE_OTHER, `{"n":${i}}`, '', '', [Buffer.alloc(10, i)]), () => undefined);
    }
    await writer.close();
    subscription.dispose();
    const heads = sealed[0]?.heads;
    assert.ok(heads, 'the writer kept the heads of the sealed segment');
    assert.equal(await writeSegmentIndex(dir, 1, heads), true);
    const offsets: number[] = [];
    const size = (await fs.stat(segmentPath(dir, 1))).size;
    const covered = await readSegmentIndex(dir, 1, size, ({ offset }) => offsets.push(offset));
    assert.equal(covered, size);
    assert.equal(offsets.length, 3);
    assert.equal(offsets[0], 0);
  });
});
