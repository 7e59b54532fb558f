import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoIngestRecords } from './generator.ts';

/** `global.gc` when node runs with --expose-gc; otherwise the heap is measured as it is. */
function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

test('300,000 messages stream in constant memory', () => {
  const before = heapUsed();
  let messages = 0;
  let peak = before;
  const started = performance.now();
  for (const record of demoIngestRecords({ size: 300_000, seed: 11 })) {
    if (record.type !== 'message') continue;
    messages++;
    if (messages % 50_000 === 0) peak = Math.max(peak, heapUsed());
  }
  const seconds = (performance.now() - started) / 1000;
  const growth = (peak - before) / 1024 / 1024;
  console.log(
    `demo: ${messages} messages in ${seconds.toFixed(1)} s = ${Math.round(messages / seconds)} messages/s; heap growth ${growth.toFixed(1)} MB`,
  );
  assert.ok(Math.abs(messages - 300_000) < 30_000);
  assert.ok(growth < 100, `heap grew by ${growth.toFixed(1)} MB`);
});
